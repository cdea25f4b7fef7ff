using StandingsManager.Core.Eve;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Requests;

public enum RequestStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,
    Cancelled = 3,
}

/// <summary>A user's request for a standing. History rows stay; only one may be pending per entity.</summary>
public sealed class StandingRequest : IVersioned, IDecidable
{
    public int Id { get; set; }
    /// <summary>The list the standing is requested on.</summary>
    public int ListId { get; set; } = Lists.StandingsList.FirstListId;
    public long EntityId { get; set; }
    public EntityType EntityType { get; set; }
    public required string EntityName { get; set; }
    public int RequesterAccountId { get; set; }
    public required string RequesterName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public RequestStatus Status { get; set; }
    public int? DecidedByAccountId { get; set; }
    public string? DecidedByName { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public double? Standing { get; set; }
    /// <summary>The approver's note, or the rejection reason.</summary>
    public string? DecisionNote { get; set; }
    public int Version { get; set; }
}
