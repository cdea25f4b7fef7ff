using StandingsManager.Core.Accounts;
using StandingsManager.Core.Sync;

namespace StandingsManager.Core.Dashboard;

/// <summary>Where a signed-in user stands: their state and why, who has access, their characters' sync problems and their pending requests.</summary>
public sealed record MyDashboard(
    AccessState State,
    bool HasAccess,
    string? MainName,
    string? CorporationName,
    string? AllianceName,
    IReadOnlyList<string> Organization,
    IReadOnlyList<AccessState> AccessStates,
    IReadOnlyList<MySyncProblem> SyncProblems,
    IReadOnlyList<MyPendingRequest> PendingRequests);

/// <summary>One of the user's characters whose last sync needs them (warning, error, or sync stopped).</summary>
public sealed record MySyncProblem(long CharacterId, string CharacterName, SyncStatus Status, string? Message);

/// <summary>A request of the user's still waiting for an approver.</summary>
public sealed record MyPendingRequest(int Id, string EntityName, DateTimeOffset CreatedAt);
