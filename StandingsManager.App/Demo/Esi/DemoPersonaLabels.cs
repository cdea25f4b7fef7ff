using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Sync;

namespace StandingsManager.App.Demo.Esi;

/// <summary>
/// Lists are created at run time, so their contact labels cannot be seeded: when a persona's character (the persona or an
/// alt on its account) reads its labels, it first gets the label of each active list its audience allows, as its player
/// would have created it in game. The first list's label is seeded by the store, and the persona that lacks it keeps lacking it.
/// </summary>
public sealed class DemoPersonaLabels(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, DemoEsiStore store)
{
    public async Task OfferAsync(long characterId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var owner = await db.Characters.AsNoTracking()
            .Where(c => c.Id == characterId)
            .Select(c => new { c.AccountId, c.Account!.MainCharacterId })
            .SingleOrDefaultAsync(ct);
        if (owner?.MainCharacterId is not { } mainId || DemoUniverse.FindPersona(mainId) is null)
            return; // not a persona's: the crowd and the bench set their labels themselves
        Actor actor;
        try
        {
            actor = await actors.LoadAsync(db, owner.AccountId, ct);
        }
        catch (WorkflowException)
        {
            return; // a deactivated account receives nothing
        }
        if (!actor.Has(Role.Member))
            return;
        var viewer = await ListViewer.LoadAsync(db, actor, ct);
        var lists = await db.Lists.AsNoTracking().Where(l => l.Enabled && l.DeletedAt == null && l.Id != StandingsList.FirstListId).ToListAsync(ct);
        store.OfferLabels(characterId, lists.Where(viewer.Receives).OrderBy(l => l.Id).Select(l => l.LabelName));
    }
}
