using System.Globalization;

namespace StandingsManager.App.Components.Shared;

/// <summary>
/// A moment in EVE time (UTC) as the reader's language writes dates: English keeps EVE's own year-first order
/// (2026-12-06 16:38), which no English reader misreads; other languages get their short date (06.12.2026,
/// 2026/12/06) with a 24-hour time. The caller labels it UTC or EVE time, as before.
/// </summary>
public static class EveTime
{
    public static string Text(DateTimeOffset at, bool seconds = false)
    {
        var utc = at.UtcDateTime;
        var time = utc.ToString(seconds ? "HH:mm:ss" : "HH:mm", CultureInfo.InvariantCulture);
        var culture = CultureInfo.CurrentCulture;
        return culture.TwoLetterISOLanguageName is "en" or "iv"
            ? $"{utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {time}"
            : $"{utc.ToString("d", culture)} {time}";
    }
}
