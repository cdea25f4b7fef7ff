namespace StandingsManager.Core.Api;

/// <summary>The list entry that decided a standing. <paramref name="EntityType"/>: Character, Corporation or Alliance.</summary>
public sealed record ApiDecidingEntry(long EntityId, string EntityType, string EntityName, double Standing);
