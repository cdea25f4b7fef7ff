namespace StandingsManager.Core.Requests;

/// <summary>A queue row as the page showed it: its id and the version it had then.</summary>
public sealed record DecisionRef(int Id, int Version);
