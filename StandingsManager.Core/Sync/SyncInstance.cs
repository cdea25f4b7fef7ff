namespace StandingsManager.Core.Sync;

/// <summary>
/// One running app instance's heartbeat: <see cref="SyncLeases"/> writes it every <see cref="SyncLeases.BeatEvery"/>.
/// A lease whose owner has not beaten for <see cref="SyncLeases.DeadAfter"/> is free, so a crashed process holds its
/// characters for a minute, not for the rest of their ten-minute leases.
/// </summary>
public sealed class SyncInstance
{
    /// <summary>The instance's name, as <see cref="SyncedCharacter.LeaseOwner"/> holds it.</summary>
    public string Owner { get; set; } = "";
    public DateTimeOffset BeatAt { get; set; }
}
