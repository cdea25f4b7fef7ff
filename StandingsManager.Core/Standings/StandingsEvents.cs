using Microsoft.Extensions.Logging;

namespace StandingsManager.Core.Standings;

public enum StandingsChangeKind
{
    Requests,
    Revocations,
    Entries,
}

public sealed record StandingsChange(StandingsChangeKind Kind);

/// <summary>Changes to requests, revocations and entries: workflows publish after they commit, open pages refresh.</summary>
public sealed class StandingsEvents(ILogger<StandingsEvents> logger) : InProcessNotifier<StandingsChange>(logger);
