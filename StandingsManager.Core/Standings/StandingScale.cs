using System.Globalization;

namespace StandingsManager.Core.Standings;

/// <summary>EVE's five standing colours, from red to dark blue.</summary>
public enum StandingBand
{
    Terrible,
    Bad,
    Neutral,
    Good,
    Excellent,
}

/// <summary>EVE's standing scale, -10 to +10: the one place that says which standings are valid.</summary>
public static class StandingScale
{
    public const double Min = -10;
    public const double Max = 10;

    public static bool Contains(double value) => double.IsFinite(value) && value is >= Min and <= Max;

    /// <summary>What is wrong with a standing, for the user; null when it is on the scale.</summary>
    public static string? Problem(double value) =>
        Contains(value) ? null : $"A standing must be between -10 and +10; {value.ToString(CultureInfo.InvariantCulture)} is not.";

    /// <summary>EVE's colour for a standing: -5 is still Bad and +5 still Good; only 0 is Neutral.</summary>
    public static StandingBand Band(double value) => value switch
    {
        < -5 => StandingBand.Terrible,
        < 0 => StandingBand.Bad,
        0 => StandingBand.Neutral,
        <= 5 => StandingBand.Good,
        _ => StandingBand.Excellent,
    };

    public static void Require(double value)
    {
        if (Problem(value) is { } problem)
            throw WorkflowException.Invalid(problem);
    }
}
