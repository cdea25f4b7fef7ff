namespace StandingsManager.Core.Sync;

/// <summary>Runs one character's sync. The scheduler depends on this, so its tests can stand in for the engine.</summary>
public interface ICharacterSync
{
    Task<SyncReport> RunAsync(long characterId, SyncMode mode, CancellationToken ct);
}
