namespace StandingsManager.Core.Lists;

/// <summary>
/// A war id the scan has seen on ESI's <c>/wars</c> pages, and once read (<see cref="ReadAt"/> set) what <c>/wars/{id}</c> said,
/// with the ETag and Expires of that answer. Kept so a restart does not rescan, and so only the wars that can still matter
/// (<see cref="Watch"/>) are read again.
/// </summary>
public sealed class KnownWar
{
    public long Id { get; set; }
    /// <summary>When the war itself was last read; null while only its id is known (the scan reads it next, newest first).</summary>
    public DateTimeOffset? ReadAt { get; set; }
    public long? AggressorAllianceId { get; set; }
    public long? AggressorCorporationId { get; set; }
    public long? DefenderAllianceId { get; set; }
    public long? DefenderCorporationId { get; set; }
    /// <summary>The defender's allies, space-separated, each <c>a</c> (alliance) or <c>c</c> (corporation) and its id: <c>a99000001 c98000003</c>.</summary>
    public string Allies { get; set; } = "";
    public DateTimeOffset? Declared { get; set; }
    public DateTimeOffset? Started { get; set; }
    public DateTimeOffset? Finished { get; set; }
    public DateTimeOffset? Retracted { get; set; }
    public bool Mutual { get; set; }
    public bool OpenForAllies { get; set; }
    public string? ETag { get; set; }
    /// <summary>ESI's Expires of the last answer: never read again before it.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
    /// <summary>One of the organisation's alliances or corporations is a side or an ally.</summary>
    public bool InvolvesUs { get; set; }
    /// <summary>Read again when <see cref="ExpiresAt"/> passes: wars of ours that have not finished, and open wars we could join as an ally.</summary>
    public bool Watch { get; set; }
}
