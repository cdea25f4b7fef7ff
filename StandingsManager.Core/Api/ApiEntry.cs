namespace StandingsManager.Core.Api;

/// <summary>One entry of a list. <paramref name="EntityType"/>: Character, Corporation or Alliance.</summary>
public sealed record ApiEntry(long EntityId, string EntityType, string EntityName, double Standing, DateTimeOffset AddedAt, DateTimeOffset? ExpiresAt);
