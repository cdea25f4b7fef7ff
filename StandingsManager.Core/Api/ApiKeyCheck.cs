namespace StandingsManager.Core.Api;

/// <summary>The outcome of checking a presented key; <see cref="KeyId"/> and <see cref="Scopes"/> are set when it is valid.</summary>
public sealed record ApiKeyCheck(ApiKeyStatus Status, int? KeyId = null, string? Name = null, IReadOnlyList<string>? Scopes = null);
