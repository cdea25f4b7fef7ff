using StandingsManager.Core.Eve;

namespace StandingsManager.Core.Lists;

/// <summary>An alliance or corporation the organisation is at war with, and the wars (newest first) that make it one.</summary>
public sealed record WarTarget(long EntityId, EntityType EntityType, IReadOnlyList<KnownWar> Wars);
