namespace StandingsManager.Core.Sync;

/// <summary>
/// A character this instance claimed for a run, with the due time it was claimed at and when. <see cref="Failed"/> is
/// set once the run ended in an error: its next try then follows the retry backoff, not the interval.
/// </summary>
public sealed record SyncClaim(long CharacterId, DateTimeOffset? DueAt, DateTimeOffset ClaimedAt)
{
    public bool Failed { get; init; }
}
