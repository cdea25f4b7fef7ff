using System.Globalization;

namespace StandingsManager.Core.Standings;

public static class StandingFormat
{
    /// <summary>"+5.0", "-10.0", "0.0": the way EVE players write standings.</summary>
    public static string Format(double standing) =>
        (standing > 0 ? "+" : "") + standing.ToString("0.0", CultureInfo.InvariantCulture);
}
