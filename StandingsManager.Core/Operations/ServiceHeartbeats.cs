using System.Collections.Concurrent;

namespace StandingsManager.Core.Operations;

/// <summary>One background service's pulse, as <c>/healthz</c> reports it.</summary>
public sealed record Heartbeat(string Service, DateTimeOffset? LastBeat, TimeSpan ExpectedEvery, bool Alive);

/// <summary>
/// Each background loop beats once a round. A loop that has stopped beating (crashed, or stuck on a lock) is what an
/// operator's monitor needs to see; a running process alone says nothing about its loops.
/// </summary>
public sealed class ServiceHeartbeats(TimeProvider time)
{
    /// <summary>Slack on top of two rounds: one slow round (a long sync, ESI's downtime) is not yet a dead loop.</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Announces a loop that beats at least every <paramref name="expectedEvery"/>; until its first beat it counts from now.</summary>
    public void Register(string service, TimeSpan expectedEvery) =>
        _entries[service] = new Entry(expectedEvery, time.GetUtcNow(), null);

    public void Beat(string service) =>
        _entries.AddOrUpdate(service,
            _ => new Entry(TimeSpan.FromMinutes(1), time.GetUtcNow(), time.GetUtcNow()),
            (_, entry) => entry with { LastBeat = time.GetUtcNow() });

    public IReadOnlyList<Heartbeat> Read()
    {
        var now = time.GetUtcNow();
        return [.. _entries
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new Heartbeat(e.Key, e.Value.LastBeat, e.Value.ExpectedEvery,
                now - (e.Value.LastBeat ?? e.Value.RegisteredAt) <= 2 * e.Value.ExpectedEvery + Slack))];
    }

    private sealed record Entry(TimeSpan ExpectedEvery, DateTimeOffset RegisteredAt, DateTimeOffset? LastBeat);
}
