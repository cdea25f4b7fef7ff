using Microsoft.Extensions.Logging;

namespace StandingsManager.Core.Standings;

public enum StandingsChangeKind
{
    Requests,
    Revocations,
    Entries,
    /// <summary>A list itself changed: created, edited, disabled, enabled or deleted.</summary>
    Lists,
}

/// <summary>What changed, and on which list (null: several lists, or not list-specific).</summary>
public sealed record StandingsChange(StandingsChangeKind Kind, int? ListId = null);

/// <summary>Changes to lists, requests, revocations and entries: workflows publish after they commit, open pages refresh.</summary>
public sealed class StandingsEvents(ILogger<StandingsEvents> logger) : InProcessNotifier<StandingsChange>(logger);
