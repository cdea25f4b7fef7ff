using System.Globalization;
using System.Net;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Sync;

/// <summary>
/// Every message a member reads about a sync (its status, its run record, the owner's notification), in one place.
/// Each says what to do about the problem, or when it clears by itself.
/// </summary>
internal static class SyncMessages
{
    /// <summary>Reactivating an account finds the characters this stopped by its English text (Accounts/AccountDeactivation).</summary>
    public static Phrase AccountDeactivated => new(() => CoreSyncText.Get("Sync.AccountDeactivated"));

    public static Phrase NotEnrolled => new(() => CoreSyncText.Get("Sync.NotEnrolled"));

    public static Phrase NotOnAccount => new(() => CoreSyncText.Get("Sync.NotOnAccount"));

    public static Phrase GrantRefused => new(() => CoreSyncText.Get("Sync.GrantRefused"));

    public static Phrase TokenRefused => new(() => CoreSyncText.Get("Sync.TokenRefused"));

    public static Phrase TokenRefusedSsoDown => new(() => CoreSyncText.Get("Sync.TokenRefusedSsoDown"));

    public static Phrase Unchanged => new(() => CoreSyncText.Get("Sync.Unchanged"));

    public static Phrase StateLostAccess(Accounts.AccessState state) => new(() => CoreSyncText.Format("Sync.StateLostAccess", Requests.RequestWords.State(state)));

    public static Phrase GrantInvalid(string characterName) => new(() => CoreSyncText.Format("Sync.GrantInvalid", characterName));

    public static Phrase MissingScopes(string characterName, IReadOnlyCollection<string> missing) =>
        new(() => CoreSyncText.Format("Sync.MissingScopes", characterName, string.Join(", ", missing)));

    public static Phrase LabelNotFound(string labelName) => new(() => CoreSyncText.Format("Sync.LabelNotFound", labelName));

    /// <summary>Some lists' labels are missing, the others synced: a warning for those lists only.</summary>
    public static Phrase LabelsNotFound(IReadOnlyList<string> labelNames, Phrase others) => new(() =>
        labelNames.Count == 1
            ? CoreSyncText.Format("Sync.LabelNotFound.Kept", labelNames[0], others.Render())
            : CoreSyncText.Format("Sync.LabelsNotFound", string.Join(", ", labelNames.Select(n => CoreSyncText.Format("Sync.Label.Quoted", n))), others.Render()));

    public static Phrase Preview(int added, int updated, int removed, bool writes) => new(() => writes
        ? CoreSyncText.Format("Sync.Preview", added, updated, removed)
        : CoreSyncText.Get("Sync.Preview.Nothing"));

    /// <summary>What a run that wrote its plan reports: OK with the counts, or a warning naming what needs the member.</summary>
    public static (SyncStatus, Phrase) Summary(SyncRunState run, IReadOnlyList<string> labelNames) =>
        run.Capped > 0 || run.Collisions > 0 || run.Refused > 0
            ? (SyncStatus.Warning, new(() => Problems(run)))
            : (SyncStatus.Ok, new(() => CoreSyncText.Format("Sync.InLine", Names(labelNames), run.Added, run.Updated, run.Removed)));

    /// <summary>
    /// Several labels inside the one pair of quotes the sentence puts around {0}: each closed and the next opened with
    /// the language's own quotes ('A', 'B' in English, „A“, „B“ in German).
    /// </summary>
    private static string Names(IReadOnlyList<string> labelNames)
    {
        var quoted = CoreSyncText.Format("Sync.Label.Quoted", "\n");
        var at = quoted.IndexOf('\n', StringComparison.Ordinal);
        return string.Join(quoted[(at + 1)..] + ", " + quoted[..at], labelNames);
    }

    private static string Problems(SyncRunState run)
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
        return string.Join(' ', parts);
    }

    /// <summary>What the member reads for a failure: always the fix or when it clears. Null for bugs, which propagate.</summary>
    public static Phrase? Describe(Exception ex, EsiGate gate, TimeProvider time) => ex switch
    {
        EveTokenMissingException or EveGrantRevokedException => GrantRefused,
        EveSsoUnavailableException => new(() => CoreSyncText.Get("Sync.SsoUnavailable")),
        EsiException esiEx when esiEx.StatusCode == (HttpStatusCode)420 || gate.ErrorBudgetPausedUntil is not null =>
            EsiPaused((gate.ErrorBudgetPausedUntil ?? time.GetUtcNow().AddMinutes(1)).UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)),
        EsiException { StatusCode: HttpStatusCode.Forbidden } => new(() => CoreSyncText.Get("Sync.ContactsForbidden")),
        EsiException { StatusCode: null } or EsiException { IsRetryable: true } => new(() => CoreSyncText.Get("Sync.EsiUnavailable")),
        EsiException esiEx => EsiRefused(
            string.Create(CultureInfo.InvariantCulture, $"{(int?)esiEx.StatusCode}{(esiEx.EsiError is null ? "" : ": " + esiEx.EsiError)}")),
        _ => null,
    };

    private static Phrase EsiPaused(string until) => new(() => CoreSyncText.Format("Sync.EsiPaused", until));

    private static Phrase EsiRefused(string why) => new(() => CoreSyncText.Format("Sync.EsiRefused", why));

    /// <summary>A run the engine did not finish (a bug, say): retried with the backoff like any failed run.</summary>
    public static Phrase Unexpected(Exception error) => new(() => CoreSyncText.Format("Sync.Unexpected", error.Message));
}
