namespace StandingsManager.Core.Standings;

/// <summary>EVE's five standing colours, from red (terrible) to dark blue (excellent), as the game draws contacts.</summary>
public enum StandingBand
{
    Terrible = -2,
    Bad = -1,
    Neutral = 0,
    Good = 1,
    Excellent = 2,
}

public static class StandingBands
{
    /// <summary>As the game: above +5 excellent, above 0 good, 0 neutral, down to −5 bad, below −5 terrible.</summary>
    public static StandingBand Of(double standing) => standing switch
    {
        > 5 => StandingBand.Excellent,
        > 0 => StandingBand.Good,
        0 => StandingBand.Neutral,
        >= -5 => StandingBand.Bad,
        _ => StandingBand.Terrible,
    };
}
