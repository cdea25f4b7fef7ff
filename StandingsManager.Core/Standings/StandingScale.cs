using System.Globalization;
using StandingsManager.Core.Localization;

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
        Contains(value) ? null : CoreText.Format("Standing.OutOfRange", value.ToString(CultureInfo.CurrentCulture));

    /// <summary>
    /// A standing as someone typed it ("+5", "-2.5", "7,5"): its value, or what is wrong with it for the user. Nothing
    /// is rounded or clamped: 15 is refused, not turned into +10.
    /// </summary>
    public static (double? Value, string? Problem) Parse(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return (null, CoreText.Get("Standing.Missing"));
        if (!double.TryParse(trimmed.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return (null, CoreText.Format("Standing.NotANumber", trimmed));
        return Problem(value) is { } problem ? (null, problem) : (value, null);
    }

    /// <summary>How a standing field shows a value: "5", "-2.5".</summary>
    public static string Text(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

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
