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
    public const string AccountDeactivated = "Your account is deactivated: contact sync stopped. Ask an administrator to reactivate it.";

    public const string NotEnrolled = "This character is not set up for contact sync.";

    public const string NotOnAccount = "The character is no longer on your account: re-add the character on the Characters page.";

    public const string GrantRefused = "EVE no longer accepts this character's grant: add the character again (Characters page).";

    public const string TokenRefused = "EVE refused the access token; the next sync tries again with a new one.";

    public const string TokenRefusedSsoDown = "EVE refused the access token and EVE SSO is unavailable; the next sync tries again.";

    /// <summary>The bell's title for a sync that ended in a warning or an error; the status message is the body.</summary>
    public static string ProblemTitle(string characterName, SyncStatus status) => status == SyncStatus.Error
        ? $"Contact sync of {characterName} failed"
        : $"Contact sync of {characterName} needs you";

    public const string Unchanged = "In line with the standings list; nothing changed.";

    public static string StateLostAccess(Accounts.AccessState state) => $"Your state ({state}) no longer has access to the standings: contact sync stopped.";

    public static string GrantInvalid(string characterName) =>
        $"EVE no longer accepts the grant of {characterName}: re-add the character on the Characters page.";

    public static string MissingScopes(string characterName, IReadOnlyCollection<string> missing) =>
        $"{characterName} has not granted {string.Join(", ", missing)}: grant the missing scopes {string.Join(", ", missing)} by re-adding the character on the Characters page.";

    public static string LabelNotFound(string labelName) =>
        $"Contact label '{labelName}' not found: create it in game (People & Places → Contacts → Add label)";

    /// <summary>Some lists' labels are missing, the others synced: a warning for those lists only.</summary>
    public static string LabelsNotFound(IReadOnlyList<string> labelNames, string others) =>
        labelNames.Count == 1
            ? $"{LabelNotFound(labelNames[0])}; its contacts are kept as they are until then. {others}"
            : $"Contact labels {string.Join(", ", labelNames.Select(n => $"'{n}'"))} not found: create them in game (People & Places → Contacts → Add label); their contacts are kept as they are until then. {others}";

    public static string Preview(int added, int updated, int removed, bool writes) => writes
        ? $"A sync would add {added}, update {updated} and remove {removed} contacts."
        : "A sync would change nothing.";

    /// <summary>What a run that wrote its plan reports: OK with the counts, or a warning naming what needs the member.</summary>
    public static (SyncStatus, string) Summary(SyncRunState run, string labelName)
    {
        var parts = new List<string>();
        if (run.Capped > 0)
            parts.Add(run.Capped == 1
                ? $"1 entry did not fit under EVE's 1,024-contact cap ({run.NameList(SyncChangeKind.Capped)}): remove personal contacts to make room."
                : $"{run.Capped} entries did not fit under EVE's 1,024-contact cap ({run.NameList(SyncChangeKind.Capped)}): remove personal contacts to make room.");
        if (run.Collisions > 0)
            parts.Add(run.Collisions == 1
                ? $"Your own contact for {run.NameList(SyncChangeKind.Collision)} is also on the standings list and was left alone: delete it in game to receive the organisation's standing."
                : $"{run.Collisions} of your own contacts are also on the standings list and were left alone ({run.NameList(SyncChangeKind.Collision)}): delete them in game to receive the organisation's standing.");
        if (run.Refused > 0)
            parts.Add($"EVE did not add {run.NameList(SyncChangeKind.Refused)}: check them in game; the next sync tries again.");
        if (parts.Count > 0)
            return (SyncStatus.Warning, string.Join(' ', parts));
        return (SyncStatus.Ok, $"In line with the standings list ('{labelName}'): {run.Added} added, {run.Updated} updated, {run.Removed} removed.");
    }

    /// <summary>What the member reads for a failure: always the fix or when it clears. Null for bugs, which propagate.</summary>
    public static string? Describe(Exception ex, EsiGate gate, TimeProvider time) => ex switch
    {
        EveTokenMissingException or EveGrantRevokedException => GrantRefused,
        EveSsoUnavailableException => "EVE SSO is unavailable, will retry.",
        EsiException esiEx when esiEx.StatusCode == (HttpStatusCode)420 || gate.ErrorBudgetPausedUntil is not null =>
            $"ESI paused after too many errors; it resumes at {(gate.ErrorBudgetPausedUntil ?? time.GetUtcNow().AddMinutes(1)).UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC and the sync will retry.",
        EsiException { StatusCode: HttpStatusCode.Forbidden } =>
            "EVE refused access to the contacts: grant the missing scopes by re-adding the character on the Characters page.",
        EsiException { StatusCode: null } or EsiException { IsRetryable: true } => "EVE/ESI is unavailable, will retry.",
        EsiException esiEx => $"ESI refused a contacts call ({(int?)esiEx.StatusCode}{(esiEx.EsiError is null ? "" : ": " + esiEx.EsiError)}); the next sync tries again.",
        _ => null,
    };

    /// <summary>A run the engine did not finish (a bug, say): retried with the backoff like any failed run.</summary>
    public static string Unexpected(Exception error) =>
        $"The sync stopped on an unexpected error and will be tried again in a few minutes: {error.Message}";
}
