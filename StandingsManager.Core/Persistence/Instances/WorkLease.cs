namespace StandingsManager.Core.Persistence.Instances;

/// <summary>
/// Who runs one piece of singleton work (the validator round, the Discord relay, the list mirror, the war scan...) across
/// all instances on one database. One row per kind of work; an instance holds it while <see cref="Until"/> is ahead and
/// its heartbeat (<see cref="Sync.SyncInstance"/>) is alive, so a dead instance's work moves on within a minute.
/// </summary>
public sealed class WorkLease
{
    /// <summary>The work's name, e.g. <c>validator</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The holding instance (<see cref="Sync.SyncLeases.Owner"/>), or null when free.</summary>
    public string? Owner { get; set; }

    public DateTimeOffset? Until { get; set; }
}
