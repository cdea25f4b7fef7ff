using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

/// <param name="Labelled">Contacts that carry the organisation label in what ESI answered.</param>
/// <param name="Written">Contacts the ledger says the app wrote on this character.</param>
/// <param name="ReadMayBeStale">The app wrote within ESI's 300 s read cache, so the read may not show those writes yet.</param>
public sealed record ContactsSnapshot(long CharacterId, int Contacts, int Labels, string LabelName, bool LabelFound, int EsiCalls,
    int Labelled = 0, int Written = 0, bool ReadMayBeStale = false);

/// <summary>Reads a character's contacts and labels through ESI: what a sync will start from.</summary>
public sealed class ContactsInspector(
    IDbContextFactory<StandingsDbContext> dbFactory,
    ActorLoader actors,
    EveTokenStore tokens,
    EsiClient esi,
    AccessStates states,
    IOptions<StandingsOptions> options,
    EsiCheckLimits esiChecks,
    TimeProvider time)
{
    /// <summary>How long ESI may serve a contacts read from its cache.</summary>
    public static readonly TimeSpan EsiReadCache = TimeSpan.FromSeconds(300);

    public async Task<ContactsSnapshot> InspectAsync(int actorAccountId, long characterId, CancellationToken ct = default)
    {
        int written;
        DateTimeOffset? lastWrite;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var actor = await actors.LoadAsync(db, actorAccountId, ct);
            if (!await db.Characters.AnyAsync(c => c.Id == characterId && c.AccountId == actor.AccountId, ct))
                throw WorkflowException.Forbidden(CoreSyncText.Get("Inspect.OwnCharactersOnly"));
            // The scopes the user's state requires are checked before any contact is touched, as a sync will.
            var required = states.RequiredScopes(actor.State);
            var check = GrantCheck.Of(await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.CharacterId == characterId, ct), required);
            if (check.Problem == GrantProblem.NoLongerValid)
                throw WorkflowException.Invalid(CoreSyncText.Get("Inspect.GrantInvalid"));
            if (!check.Ok)
                throw WorkflowException.Invalid(CoreSyncText.Format("Inspect.MissingScopes", string.Join(", ", check.Missing)));
            var ledger = db.ManagedContacts.Where(m => m.CharacterId == characterId);
            written = await ledger.CountAsync(m => m.State == LedgerState.Written || m.State == LedgerState.Writing, ct);
            lastWrite = await ledger.MaxAsync(m => (DateTimeOffset?)m.WrittenAt, ct);
        }
        esiChecks.Take(actorAccountId);

        try
        {
            var token = await tokens.GetAccessTokenAsync(characterId, ct);
            var labels = await esi.GetContactLabelsAsync(characterId, token, null, ct);
            var contacts = await esi.GetContactsAsync(characterId, token, null, ct);
            var labelName = options.Value.LabelName.Trim();
            var label = labels.Items.FirstOrDefault(l => string.Equals(l.LabelName.Trim(), labelName, StringComparison.OrdinalIgnoreCase));
            var labelled = label is null ? 0 : contacts.Items.Count(c => c.LabelIds?.Contains(label.LabelId) == true);
            var mayBeStale = lastWrite is { } at && time.GetUtcNow() - at < EsiReadCache;
            return new ContactsSnapshot(characterId, contacts.Items.Count, labels.Items.Count, labelName, label is not null, labels.Calls + contacts.Calls,
                labelled, written, mayBeStale);
        }
        catch (EveGrantProblemException ex) when (ex is not EveTokenRejectedException)
        {
            throw WorkflowException.Invalid(ex.Said.Render());
        }
        catch (EsiException ex)
        {
            var status = ex.StatusCode?.ToString() ?? CoreSyncText.Get("Inspect.NoAnswer");
            throw WorkflowException.Invalid(CoreSyncText.Format("Inspect.EsiFailed", ex.EsiError is null ? status : $"{status}: {ex.EsiError}"));
        }
    }
}
