using System.Collections.Concurrent;

namespace StandingsManager.Core.Operations;

/// <summary>One background service's pulse, as <c>/healthz</c> reports it.</summary>
/// <param name="LastCompleted">The end of its last successful round, for loops that report rounds; null: none yet.</param>
/// <param name="Standby">Another instance runs this work now (<see cref="WorkLeases"/>): this loop checks in and waits, alive.</param>
public sealed record Heartbeat(string Service, DateTimeOffset? LastBeat, TimeSpan ExpectedEvery, bool Alive, DateTimeOffset? LastCompleted = null, bool Standby = false);

/// <summary>
/// Each background loop beats once a round. A loop that has stopped beating (crashed, or stuck on a lock) is what an
/// operator's monitor needs to see; a running process alone says nothing about its loops.
/// </summary>
public sealed class ServiceHeartbeats(TimeProvider time)
{
    /// <summary>Slack on top of two rounds: one slow round (a long sync, ESI's downtime) is not yet a dead loop.</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// Announces a loop that beats at least every <paramref name="expectedEvery"/>; until its first beat it counts from now.
    /// With <paramref name="firstRoundWithin"/>, the loop reports finished rounds (<see cref="Completed"/>) and is dead
    /// when none has finished that long (plus the slack) after it started: beating while every round fails is not alive.
    /// </summary>
    public void Register(string service, TimeSpan expectedEvery, TimeSpan? firstRoundWithin = null) =>
        _entries[service] = new Entry(expectedEvery, time.GetUtcNow(), null, firstRoundWithin, null);

    /// <summary>
    /// The loop is at work on this instance. Coming off standby, the first-round rule counts afresh from now: the instance
    /// that takes the work over has that long to finish a round.
    /// </summary>
    public void Beat(string service) =>
        _entries.AddOrUpdate(service,
            _ => new Entry(TimeSpan.FromMinutes(1), time.GetUtcNow(), time.GetUtcNow(), null, null),
            (_, entry) => entry with { LastBeat = time.GetUtcNow(), Standby = false, RegisteredAt = entry.Standby ? time.GetUtcNow() : entry.RegisteredAt });

    /// <summary>Another instance holds the work (or has just done it): this loop is idle but alive, not missing rounds.</summary>
    public void Standby(string service) =>
        _entries.AddOrUpdate(service,
            _ => new Entry(TimeSpan.FromMinutes(1), time.GetUtcNow(), time.GetUtcNow(), null, null, true),
            (_, entry) => entry with { LastBeat = time.GetUtcNow(), Standby = true });

    /// <summary>A round of the loop finished without an error.</summary>
    public void Completed(string service) =>
        _entries.AddOrUpdate(service,
            _ => new Entry(TimeSpan.FromMinutes(1), time.GetUtcNow(), time.GetUtcNow(), null, time.GetUtcNow()),
            (_, entry) => entry with { LastBeat = time.GetUtcNow(), LastCompleted = time.GetUtcNow(), Standby = false });

    public IReadOnlyList<Heartbeat> Read()
    {
        var now = time.GetUtcNow();
        return [.. _entries
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new Heartbeat(e.Key, e.Value.LastBeat, e.Value.ExpectedEvery, IsAlive(e.Value, now), e.Value.LastCompleted, e.Value.Standby))];
    }

    private static bool IsAlive(Entry entry, DateTimeOffset now) =>
        now - (entry.LastBeat ?? entry.RegisteredAt) <= 2 * entry.ExpectedEvery + Slack &&
        !(entry.FirstRoundWithin is { } first && !entry.Standby && (entry.LastCompleted is null || entry.LastCompleted < entry.RegisteredAt)
            && now - entry.RegisteredAt > first + Slack);

    /// <param name="RegisteredAt">Start, or when the loop last came off standby: the first-round rule counts from here.</param>
    private sealed record Entry(TimeSpan ExpectedEvery, DateTimeOffset RegisteredAt, DateTimeOffset? LastBeat, TimeSpan? FirstRoundWithin, DateTimeOffset? LastCompleted,
        bool Standby = false);
}
