using System.Globalization;
using System.Net;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Eve.Sso;

namespace StandingsManager.Core.Sync;

/// <summary>
/// Every message a member reads about a sync (its status, its run record, the owner's notification), in one place.
/// Each says what to do about the problem, or when it clears by itself.
/// </summary>
internal static class SyncMessages
{
    /// <summary>
    /// Stays English: reactivating an account finds the characters this stopped by this very text
    /// (Accounts/AccountDeactivation), and a deactivated owner cannot sign in to read it.
    /// </summary>
    public const string AccountDeactivated = "Your account is deactivated: contact sync stopped. Ask an administrator to reactivate it.";

    public static string NotEnrolled => CoreSyncText.Get("Sync.NotEnrolled");

    public static string NotOnAccount => CoreSyncText.Get("Sync.NotOnAccount");

    public static string GrantRefused => CoreSyncText.Get("Sync.GrantRefused");

    public static string TokenRefused => CoreSyncText.Get("Sync.TokenRefused");

    public static string TokenRefusedSsoDown => CoreSyncText.Get("Sync.TokenRefusedSsoDown");

    public static string Unchanged => CoreSyncText.Get("Sync.Unchanged");

    public static string StateLostAccess(Accounts.AccessState state) => CoreSyncText.Format("Sync.StateLostAccess", state);

    public static string GrantInvalid(string characterName) => CoreSyncText.Format("Sync.GrantInvalid", characterName);

    public static string MissingScopes(string characterName, IReadOnlyCollection<string> missing) =>
        CoreSyncText.Format("Sync.MissingScopes", characterName, string.Join(", ", missing));

    public static string LabelNotFound(string labelName) => CoreSyncText.Format("Sync.LabelNotFound", labelName);

    /// <summary>Some lists' labels are missing, the others synced: a warning for those lists only.</summary>
    public static string LabelsNotFound(IReadOnlyList<string> labelNames, string others) =>
        labelNames.Count == 1
            ? CoreSyncText.Format("Sync.LabelNotFound.Kept", labelNames[0], others)
            : CoreSyncText.Format("Sync.LabelsNotFound", string.Join(", ", labelNames.Select(n => CoreSyncText.Format("Sync.Label.Quoted", n))), others);

    public static string Preview(int added, int updated, int removed, bool writes) => writes
        ? CoreSyncText.Format("Sync.Preview", added, updated, removed)
        : CoreSyncText.Get("Sync.Preview.Nothing");

    /// <summary>What a run that wrote its plan reports: OK with the counts, or a warning naming what needs the member.</summary>
    public static (SyncStatus, string) Summary(SyncRunState run, string labelName)
    {
        var parts = new List<string>();
        if (run.Capped > 0)
            parts.Add(CoreSyncText.Plural("Sync.Capped", run.Capped, run.NameList(SyncChangeKind.Capped)));
        if (run.Collisions > 0)
            parts.Add(run.Collisions == 1
                ? CoreSyncText.Format("Sync.Collision", run.NameList(SyncChangeKind.Collision))
                : CoreSyncText.Plural("Sync.Collisions", run.Collisions, run.NameList(SyncChangeKind.Collision)));
        if (run.Refused > 0)
            parts.Add(CoreSyncText.Format("Sync.Refused", run.NameList(SyncChangeKind.Refused)));
        if (parts.Count > 0)
            return (SyncStatus.Warning, string.Join(' ', parts));
        return (SyncStatus.Ok, CoreSyncText.Format("Sync.InLine", labelName, run.Added, run.Updated, run.Removed));
    }

    /// <summary>What the member reads for a failure: always the fix or when it clears. Null for bugs, which propagate.</summary>
    public static string? Describe(Exception ex, EsiGate gate, TimeProvider time) => ex switch
    {
        EveTokenMissingException or EveGrantRevokedException => GrantRefused,
        EveSsoUnavailableException => CoreSyncText.Get("Sync.SsoUnavailable"),
        EsiException esiEx when esiEx.StatusCode == (HttpStatusCode)420 || gate.ErrorBudgetPausedUntil is not null =>
            CoreSyncText.Format("Sync.EsiPaused", (gate.ErrorBudgetPausedUntil ?? time.GetUtcNow().AddMinutes(1)).UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)),
        EsiException { StatusCode: HttpStatusCode.Forbidden } => CoreSyncText.Get("Sync.ContactsForbidden"),
        EsiException { StatusCode: null } or EsiException { IsRetryable: true } => CoreSyncText.Get("Sync.EsiUnavailable"),
        EsiException esiEx => CoreSyncText.Format("Sync.EsiRefused",
            string.Create(CultureInfo.InvariantCulture, $"{(int?)esiEx.StatusCode}{(esiEx.EsiError is null ? "" : ": " + esiEx.EsiError)}")),
        _ => null,
    };

    /// <summary>A run the engine did not finish (a bug, say): retried with the backoff like any failed run.</summary>
    public static string Unexpected(Exception error) => CoreSyncText.Format("Sync.Unexpected", error.Message);
}
