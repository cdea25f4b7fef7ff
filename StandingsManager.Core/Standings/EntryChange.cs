using StandingsManager.Core.Eve;

namespace StandingsManager.Core.Standings;

/// <summary>What happened to an entry, as a reader of the list sees it.</summary>
public enum EntryChangeKind
{
    Added = 1,
    Changed = 2,
    Removed = 3,
}

/// <summary>
/// One row of the entry change log: written by <see cref="Persistence.StandingsDbContext"/> in the same save as the change
/// itself, so a change never exists without its row nor a row without its change. <see cref="Id"/> only grows, in commit
/// order (see <see cref="Persistence.StandingsDbContext"/>), so it serves as a cursor for incremental reads and as the
/// event id of outgoing webhooks.
/// </summary>
public sealed class EntryChange
{
    public long Id { get; set; }
    public int ListId { get; set; }
    public long EntityId { get; set; }
    public EntityType EntityType { get; set; }
    public required string EntityName { get; set; }
    public EntryChangeKind Kind { get; set; }
    /// <summary>Null when the entry was added.</summary>
    public double? StandingBefore { get; set; }
    /// <summary>Null when the entry was removed.</summary>
    public double? StandingAfter { get; set; }
    /// <summary>The entry's notes after the change (null when removed or none).</summary>
    public string? Notes { get; set; }
    /// <summary>The entry's expiry after the change.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset At { get; set; }
}
