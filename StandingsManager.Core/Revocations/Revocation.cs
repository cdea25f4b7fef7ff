using StandingsManager.Core.Eve;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Revocations;

public enum RevocationSource
{
    User = 0,
    System = 1,
}

public enum SystemRevocationReason
{
    None = 0,
    LostEligibility = 1,
    TokenLost = 2,
    CharacterTransferred = 3,
    CorporationCoverageLost = 4,
    Expired = 5,
    AccountDeactivated = 6,
}

/// <summary>A request to remove a standings entry, from its owner or from the system.</summary>
public sealed class Revocation : IVersioned, IDecidable
{
    public int Id { get; set; }
    /// <summary>The list whose entry is to be removed.</summary>
    public int ListId { get; set; } = Lists.StandingsList.FirstListId;
    public long EntityId { get; set; }
    public EntityType EntityType { get; set; }
    public required string EntityName { get; set; }
    public RevocationSource Source { get; set; }
    public SystemRevocationReason SystemReason { get; set; }
    public int? RequestedByAccountId { get; set; }
    public required string RequestedByName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>System revocations may apply by themselves after this moment.</summary>
    public DateTimeOffset? ApplyAfter { get; set; }
    public RequestStatus Status { get; set; }
    public int? DecidedByAccountId { get; set; }
    public string? DecidedByName { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }
    public int Version { get; set; }
}
