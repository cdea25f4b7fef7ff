using StandingsManager.Core.Eve;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Standings;

/// <summary>One approved standing: the list of these is the single source of truth for sync.</summary>
public sealed class StandingsEntry : IVersioned
{
    public int Id { get; set; }
    /// <summary>The list that holds the entry; an entity is on a list at most once.</summary>
    public int ListId { get; set; } = Lists.StandingsList.FirstListId;
    public long EntityId { get; set; }
    public EntityType EntityType { get; set; }
    public required string EntityName { get; set; }
    public double Standing { get; set; }
    public string? Notes { get; set; }
    /// <summary>Notes a source wrote, in every UI language (<see cref="Localization.Translations"/> as JSON); null for people's notes.</summary>
    public string? NotesTexts { get; set; }
    public int? AddedByAccountId { get; set; }
    public required string AddedByName { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public int? RequestId { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    /// <summary>When the owner was told of the coming expiry; a later expiry date means telling them again.</summary>
    public DateTimeOffset? ExpiryWarnedAt { get; set; }
    public int Version { get; set; }
}
