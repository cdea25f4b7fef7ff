using System.Globalization;

namespace StandingsManager.Core.Standings;

public static class StandingFormat
{
    /// <summary>"+5.0", "-10.0", "0.0": the way EVE players write standings.</summary>
    public static string Format(double standing) =>
        (standing > 0 ? "+" : "") + standing.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>
    /// The same for a person reading a page: the decimal mark of their language ("+5,0" in German); records and
    /// messages stored for everyone keep <see cref="Format"/>.
    /// </summary>
    public static string Display(double standing) =>
        (standing > 0 ? "+" : "") + standing.ToString("0.0", CultureInfo.CurrentCulture);

    /// <summary>"2027-01-31" for a whole day (what the pages set), the time too otherwise, "none" for no expiry; always UTC.</summary>
    public static string FormatExpiry(DateTimeOffset? expiresAt) => expiresAt?.ToUniversalTime() switch
    {
        null => "none",
        { TimeOfDay.Ticks: 0 } day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        { } at => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
    };
}
