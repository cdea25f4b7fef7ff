namespace StandingsManager.App.Api;

/// <summary>The scope an API endpoint needs, for the 403's detail.</summary>
public sealed record ApiScopeMetadata(string Scope);
