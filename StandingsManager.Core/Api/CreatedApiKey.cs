namespace StandingsManager.Core.Api;

/// <summary>A new key: <see cref="Key"/> is shown once and kept nowhere.</summary>
public sealed record CreatedApiKey(ApiKeyRow Row, string Key);
