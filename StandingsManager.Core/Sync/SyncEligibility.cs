using StandingsManager.Core.Lists;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

/// <summary>Whether a character may be synced now, or why not (the message its owner reads).</summary>
internal sealed record SyncEligibilityResult(int AccountId, SyncedCharacter? Synced, Localization.Phrase? Problem, string? CharacterName)
{
    /// <summary>The owner's audience: the state and the main's corporation and alliance, which decide the lists it receives.</summary>
    public ListViewer? Viewer { get; init; }
}

/// <summary>
/// Everything about a sync that can be known without an ESI call: enrolled, still on the owner's account, the owner's
/// state still a member's, a valid grant with the scopes that state needs. Unsync only needs a grant that can still write.
/// </summary>
internal sealed class SyncEligibility(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, AccessStates states)
{
    public async Task<SyncEligibilityResult> CheckAsync(long characterId, SyncMode mode, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var synced = await db.SyncedCharacters.AsNoTracking().SingleOrDefaultAsync(s => s.CharacterId == characterId, ct);
        var character = await db.Characters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == characterId, ct);
        if (synced is null)
            return new(character?.AccountId ?? 0, null, SyncMessages.NotEnrolled, character?.Name);
        if (character is null || character.AccountId != synced.AccountId)
            return new(synced.AccountId, synced, SyncMessages.NotOnAccount, character?.Name);

        var state = AccessState.Guest;
        ListViewer? viewer = null;
        if (mode != SyncMode.Unsync)
        {
            Actor actor;
            try
            {
                actor = await actors.LoadAsync(db, synced.AccountId, ct);
            }
            catch (WorkflowException)
            {
                return new(synced.AccountId, synced, SyncMessages.AccountDeactivated, character.Name);
            }
            if (!actor.Has(Role.Member))
                return new(synced.AccountId, synced, SyncMessages.StateLostAccess(actor.State), character.Name);
            state = actor.State;
            viewer = await ListViewer.LoadAsync(db, actor, ct);
        }

        var grant = await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.CharacterId == characterId, ct);
        var check = GrantCheck.Of(grant, mode == SyncMode.Unsync ? EveScopes.Contacts : states.RequiredScopes(state));
        if (check.Problem is GrantProblem.NotGranted or GrantProblem.NoLongerValid)
            return new(synced.AccountId, synced, SyncMessages.GrantInvalid(character.Name), character.Name);
        if (!check.Ok)
            return new(synced.AccountId, synced, SyncMessages.MissingScopes(character.Name, check.Missing), character.Name);
        return new(synced.AccountId, synced, null, character.Name) { Viewer = viewer };
    }
}
