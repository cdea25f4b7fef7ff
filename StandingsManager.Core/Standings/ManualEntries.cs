using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Standings;

/// <summary>
/// Entries an administrator adds by hand. Nothing typed is trusted: the id is resolved like the CSV import's
/// (the app's records, then EVE's <c>/universe/names</c>), the entry takes EVE's name, and an id of another type than
/// chosen is refused. <see cref="FindAsync"/> turns an exact name into ids (<c>/universe/ids</c>) to choose from.
/// </summary>
public sealed class ManualEntries(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, EsiClient esi, StandingsAdmin admin)
{
    /// <summary>The characters, corporations and alliances EVE calls exactly <paramref name="name"/> (ignoring case).</summary>
    public async Task<IReadOnlyList<KnownEntity>> FindAsync(int actorAccountId, string? name, CancellationToken ct = default)
    {
        var clean = FreeText.Clean(name) ?? throw WorkflowException.Invalid(CoreText.Get("Entity.GiveName"));
        if (clean.Length > 100)
            throw WorkflowException.Invalid(CoreText.Format("Entity.NameTooLong", 100));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Before EVE is asked anything.
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Administrator, () => CoreText.Get("Role.Needed.EditStandingsList"));
        var lookups = await new EntityLookup(esi).LookUpAsync(db, [], [clean], LookupRetry.TryAgain, ct);
        var found = lookups.ByName.GetValueOrDefault(clean) ?? [];
        var listable = found.Where(e => StandingsCsv.TypeOf(e.Category) is not null && !ImportPlanner.IsNpcCorporation(e.Id)).ToList();
        if (listable.Count > 0)
            return listable;
        throw WorkflowException.Invalid(found.Count == 0
            ? CoreText.Format("Entity.UnknownName.Any", clean)
            : found[0] is { Category: "corporation" } npc ? ImportPlanner.NpcProblem(npc.Id)
            : CoreText.Format("Entity.NotListable", found[0].Name, EntityWords.WithArticle(found[0].Category)));
    }

    /// <summary>
    /// Adds the entity with id <paramref name="entityId"/> under the name EVE gives it, if EVE says it is a
    /// <paramref name="type"/>, to list <paramref name="listId"/>. Returns the new entry's id and EVE's name.
    /// </summary>
    public async Task<(int EntryId, string Name)> AddAsync(int listId, int actorAccountId, long entityId, EntityType type, double standing, string? notes, CancellationToken ct = default)
    {
        if (entityId <= 0)
            throw WorkflowException.Invalid(CoreText.Get("Entity.GiveId"));
        StandingScale.Require(standing);
        KnownEntity entity;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Before EVE is asked anything.
            (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Administrator, () => CoreText.Get("Role.Needed.EditStandingsList"));
            await ListGuard.EditableAsync(db, listId, ct);
            // EVE is not asked about NPC corporations: Resolve refuses them anyway.
            var lookups = await new EntityLookup(esi).LookUpAsync(db, ImportPlanner.IsNpcCorporation(entityId) ? [] : [entityId], [], LookupRetry.TryAgain, ct);
            var (resolved, problem) = ImportPlanner.Resolve(entityId, null, type, lookups);
            entity = resolved ?? throw WorkflowException.Invalid(problem!);
        }
        return (await admin.AddAsync(listId, actorAccountId, entity.Id, type, entity.Name, standing, notes, ct), entity.Name);
    }
}
