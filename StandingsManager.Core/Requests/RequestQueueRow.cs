using StandingsManager.Core.Eve;

namespace StandingsManager.Core.Requests;

/// <summary>
/// A pending request with what an approver decides on: who asked (their main, its corporation and alliance), whether the
/// subject is that main or an alt (null when the subject is not a character), the requester's other characters, and the
/// list it is for with that list's default standing (what the approval offers).
/// </summary>
public sealed record RequestQueueRow(int Id, int Version, long EntityId, EntityType EntityType, string EntityName, string RequestedBy,
    DateTimeOffset CreatedAt, string RequesterMain, string? RequesterCorporation, string? RequesterAlliance, bool? SubjectIsMain,
    IReadOnlyList<string> OtherCharacters, int ListId, string ListName, double ListDefaultStanding)
{
    public DecisionRef Ref => new(Id, Version);

    // Equal by what a decision is about, so a ticked row stays ticked when its page is loaded again (the list has no value equality).
    public bool Equals(RequestQueueRow? other) => other is not null && Id == other.Id && Version == other.Version;

    public override int GetHashCode() => HashCode.Combine(Id, Version);
}
