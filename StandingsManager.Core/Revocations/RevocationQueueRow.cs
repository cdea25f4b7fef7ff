using StandingsManager.Core.Eve;
using StandingsManager.Core.Requests;

namespace StandingsManager.Core.Revocations;

/// <summary>
/// A pending revocation with the entry it would remove: its list, its standing and expiry (both null when the entry is gone already).
/// </summary>
public sealed record RevocationQueueRow(int Id, int Version, long EntityId, EntityType EntityType, string EntityName, string RequestedBy,
    DateTimeOffset CreatedAt, string Reason, double? Standing, DateTimeOffset? ExpiresAt, int ListId, string ListName)
{
    public DecisionRef Ref => new(Id, Version);

    // Equal by what a decision is about, so a ticked row stays ticked when the entry it names is edited meanwhile.
    public bool Equals(RevocationQueueRow? other) => other is not null && Id == other.Id && Version == other.Version;

    public override int GetHashCode() => HashCode.Combine(Id, Version);
}
