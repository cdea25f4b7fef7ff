using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Eve;

/// <summary>How a message tells what EVE answered: the HTTP status, or that it did not answer at all.</summary>
public static class EveWords
{
    public static string Status(EsiException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.StatusCode is { } status ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : CoreText.Get("Eve.NoAnswer");
    }
}
