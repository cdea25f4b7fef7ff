using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Lists;

public enum WarState
{
    Pending,
    Active,
    Finished,
}

/// <summary>One war of the organisation as a war-target list shows it: the sides by name, the allies and ESI's dates.</summary>
public sealed record WarRow(long WarId, string Aggressor, string Defender, IReadOnlyList<string> Allies, DateTimeOffset? Declared,
    DateTimeOffset? Started, DateTimeOffset? Finished, DateTimeOffset? Retracted, WarState State, bool CountsOnList);

/// <summary>The wars behind a war-target list, for the people who may read the list.</summary>
public sealed class WarDetails(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, TimeProvider time)
{
    public async Task<IReadOnlyList<WarRow>> WarsAsync(int listId, int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        if (!actor.Has(Role.Approver) && !actor.Has(Role.Auditor))
            actor.Require(Role.Approver, () => CoreText.Get("Role.Needed.SeeWarTargets"));
        var list = await db.Lists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId && l.Source == ListSource.WarTargets, ct)
            ?? throw WorkflowException.NotFound(CoreText.Get("Lists.WarTargets.Gone"));
        var wars = await db.Set<KnownWar>().AsNoTracking().Where(w => w.InvolvesUs && w.ReadAt != null)
            .OrderByDescending(w => w.Id).Take(200).ToListAsync(ct);

        var ids = wars.SelectMany(w => WarTargetsSource.ParseAllies(w.Allies).Select(a => a.Id)
            .Append(w.AggressorAllianceId ?? w.AggressorCorporationId ?? 0).Append(w.DefenderAllianceId ?? w.DefenderCorporationId ?? 0))
            .Where(id => id != 0).Distinct().ToList();
        var names = new Dictionary<long, string>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var e in await db.EveEntities.AsNoTracking().Where(e => chunk.Contains(e.Id)).Select(e => new { e.Id, e.Name }).ToListAsync(ct))
                names[e.Id] = e.Name;
            foreach (var e in await db.Standings.AsNoTracking().Where(e => chunk.Contains(e.EntityId)).Select(e => new { e.EntityId, e.EntityName }).ToListAsync(ct))
                names.TryAdd(e.EntityId, e.EntityName);
        }
        string NameOf(long? allianceId, long? corporationId)
        {
            var id = allianceId ?? corporationId ?? 0;
            return names.TryGetValue(id, out var name) ? name : string.Create(CultureInfo.InvariantCulture, $"#{id}");
        }

        var now = time.GetUtcNow();
        return [.. wars.Select(w => new WarRow(w.Id, NameOf(w.AggressorAllianceId, w.AggressorCorporationId), NameOf(w.DefenderAllianceId, w.DefenderCorporationId),
            [.. WarTargetsSource.ParseAllies(w.Allies).Select(a => a.Type == EntityType.Alliance ? NameOf(a.Id, null) : NameOf(null, a.Id))],
            w.Declared, w.Started, w.Finished, w.Retracted,
            WarTargetsSource.IsFinished(w, now) ? WarState.Finished : WarTargetsSource.IsActive(w, now) ? WarState.Active : WarState.Pending,
            WarTargetsSource.Counts(w, list.IncludePendingWars, now)))];
    }
}
