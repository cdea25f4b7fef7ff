using StandingsManager.Core.Accounts;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Notifications;

namespace StandingsManager.Core.Requests;

/// <summary>What a decision refers to, so its refusals can be whole sentences in each language.</summary>
public enum DecisionItem
{
    Request,
    Revocation,
}

/// <summary>What a list is asked to take: each refusal of a list that cannot take it is one whole sentence.</summary>
public enum ListUse
{
    Requests,
    RemovalRequests,
    Approval,
    BulkApproval,
}

/// <summary>Words the request and removal workflows share in their refusals.</summary>
internal static class RequestWords
{
    /// <summary>
    /// The list's name when messages name lists (there is more than one), else null: ListMention's " ({name})" without
    /// its brackets, so a refusal can be a whole sentence with or without the list in it.
    /// </summary>
    public static string? NameIfSeveral(this ListMention lists, int listId) =>
        lists.Suffix(listId) is { Length: > 3 } suffix ? suffix[2..^1] : null;

    /// <summary>"A request for X (on list) is already pending", or the same of a removal: one whole sentence each.</summary>
    public static string AlreadyPending(this ListMention lists, DecisionItem kind, int listId, string name) =>
        (kind, lists.NameIfSeveral(listId)) switch
        {
            (DecisionItem.Request, { } listName) => CoreText.Format("Requests.AlreadyPendingOn", name, listName),
            (DecisionItem.Request, null) => CoreText.Format("Requests.AlreadyPending", name),
            (_, { } listName) => CoreText.Format("Revocations.AlreadyPendingOn", name, listName),
            _ => CoreText.Format("Revocations.AlreadyPending", name),
        };

    /// <summary>The access state as a person reads it ("Member", "Blue", "Guest").</summary>
    public static string State(AccessState state) => state switch
    {
        AccessState.Member => CoreText.Get("AccessState.Member"),
        AccessState.Blue => CoreText.Get("AccessState.Blue"),
        _ => CoreText.Get("AccessState.Guest"),
    };
}
