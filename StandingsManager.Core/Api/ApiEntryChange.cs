namespace StandingsManager.Core.Api;

/// <summary>
/// An entry added, changed or removed since a cursor, as it is now: <paramref name="Removed"/> entries carry only the
/// entity (their standing and dates are null); the others carry what <see cref="ApiEntry"/> does.
/// </summary>
public sealed record ApiEntryChange(long EntityId, string EntityType, string EntityName, bool Removed, double? Standing, DateTimeOffset? AddedAt,
    DateTimeOffset? ExpiresAt);
