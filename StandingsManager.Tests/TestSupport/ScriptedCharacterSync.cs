using System.Collections.Concurrent;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Sync;

namespace StandingsManager.Tests.TestSupport;

/// <summary>
/// Stands in for the sync engine behind <see cref="ICharacterSync"/>: records each call and answers with the report
/// (or the failure) the test scripts; by default an OK report with no change.
/// </summary>
public sealed class ScriptedCharacterSync : ICharacterSync
{
    private readonly ConcurrentQueue<(long CharacterId, SyncMode Mode)> _calls = new();

    public IReadOnlyList<(long CharacterId, SyncMode Mode)> Calls => [.. _calls];

    /// <summary>The answer to the next calls; null answers with <see cref="Report"/> and no change.</summary>
    public Func<long, SyncMode, SyncReport>? Reply { get; set; }

    /// <summary>When set, every call throws it (after being recorded).</summary>
    public Exception? Failure { get; set; }

    public Task<SyncReport> RunAsync(long characterId, SyncMode mode, CancellationToken ct)
    {
        _calls.Enqueue((characterId, mode));
        if (Failure is { } failure)
            throw failure;
        return Task.FromResult(Reply?.Invoke(characterId, mode) ?? Report(characterId, mode));
    }

    /// <summary>A report with counts that match its changes.</summary>
    public static SyncReport Report(long characterId, SyncMode mode, SyncStatus outcome = SyncStatus.Ok, string message = "Contacts are in line with the standings list.",
        params SyncChange[] changes) =>
        new(characterId, mode, outcome, message,
            Added: changes.Count(c => c.Kind == SyncChangeKind.Add),
            Updated: changes.Count(c => c.Kind == SyncChangeKind.Update),
            Removed: changes.Count(c => c.Kind == SyncChangeKind.Remove),
            Collisions: changes.Count(c => c.Kind == SyncChangeKind.Collision),
            Capped: changes.Count(c => c.Kind == SyncChangeKind.Capped),
            Refused: changes.Count(c => c.Kind == SyncChangeKind.Refused),
            EsiCalls: 2, Duration: TimeSpan.FromMilliseconds(120), Changes: changes);

    public static SyncChange Change(SyncChangeKind kind, long contactId, string name, double? from = null, double? to = null) =>
        new(kind, contactId, EntityType.Character, name, from, to);
}
