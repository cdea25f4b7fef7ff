using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Eve;

/// <summary>
/// Keeps characters' affiliations and the names of characters, corporations and alliances current,
/// in batches of ESI's own limits, so pages show names and states are decided on fresh data.
/// </summary>
public sealed class EveDirectory(IDbContextFactory<StandingsDbContext> dbFactory, EsiClient esi, TimeProvider time)
{
    /// <summary>Refreshes the affiliation of the given characters (or all known ones) and the names of everything they point to.</summary>
    public async Task<int> RefreshCharactersAsync(IReadOnlyCollection<long>? characterIds, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var characters = await (characterIds is null ? db.Characters : db.Characters.Where(c => characterIds.Contains(c.Id))).ToListAsync(ct);
        if (characters.Count == 0)
            return 0;

        var affiliations = await esi.GetAffiliationsAsync(characters.Select(c => c.Id).ToList(), ct);
        var byId = affiliations.Value.ToDictionary(a => a.CharacterId);
        foreach (var character in characters)
        {
            if (byId.TryGetValue(character.Id, out var affiliation))
            {
                character.CorporationId = affiliation.CorporationId;
                character.AllianceId = affiliation.AllianceId;
            }
        }
        var ids = characters.Select(c => c.Id)
            .Concat(affiliations.Value.Select(a => a.CorporationId))
            .Concat(affiliations.Value.Select(a => a.AllianceId).OfType<long>())
            .Distinct().ToList();
        var names = await esi.GetNamesAsync(ids, ct);
        await UpsertNamesAsync(db, names.Value, byId, ct);
        await db.SaveChangesAsync(ct);
        return affiliations.Calls + names.Calls;
    }

    /// <summary>ESI caches <c>/characters/affiliation</c> for an hour: a cached affiliation younger than that is as fresh as ESI's.</summary>
    public static readonly TimeSpan AffiliationFreshFor = TimeSpan.FromHours(1);

    /// <summary>
    /// Corporation and alliance of characters: cached ones younger than <see cref="AffiliationFreshFor"/>, the rest from
    /// <c>/characters/affiliation</c> (1000 per call), kept with their names for next time and for the pages.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, EsiAffiliation>> AffiliationsAsync(IReadOnlyCollection<long> characterIds, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var fresh = time.GetUtcNow() - AffiliationFreshFor;
        var result = (await db.EveEntities.AsNoTracking()
                .Where(e => characterIds.Contains(e.Id) && e.Type == EntityType.Character && e.CorporationId != null)
                .ToListAsync(ct))
            .Where(e => e.UpdatedAt > fresh)
            .ToDictionary(e => e.Id, e => new EsiAffiliation(e.Id, e.CorporationId!.Value, e.AllianceId));
        var missing = characterIds.Where(id => !result.ContainsKey(id)).Distinct().ToList();
        if (missing.Count == 0)
            return result;
        var affiliations = (await esi.GetAffiliationsAsync(missing, ct)).Value;
        var byId = affiliations.ToDictionary(a => a.CharacterId);
        var ids = missing.Concat(affiliations.Select(a => a.CorporationId)).Concat(affiliations.Select(a => a.AllianceId).OfType<long>()).Distinct().ToList();
        await UpsertNamesAsync(db, (await esi.GetNamesAsync(ids, ct)).Value, byId, ct);
        await db.SaveChangesAsync(ct);
        foreach (var affiliation in affiliations)
            result[affiliation.CharacterId] = affiliation;
        return result;
    }

    private async Task UpsertNamesAsync(StandingsDbContext db, IReadOnlyList<EsiName> names, Dictionary<long, EsiAffiliation> affiliations, CancellationToken ct)
    {
        var ids = names.Select(n => n.Id).ToList();
        var known = await db.EveEntities.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var now = time.GetUtcNow();
        foreach (var name in names)
        {
            if (ParseCategory(name.Category) is not { } type)
                continue; // factions and the like: not entities this app keeps
            if (!known.TryGetValue(name.Id, out var entity))
            {
                entity = new EveEntity { Id = name.Id, Name = name.Name };
                db.EveEntities.Add(entity);
            }
            entity.Name = name.Name;
            entity.Type = type;
            entity.UpdatedAt = now;
            if (affiliations.TryGetValue(name.Id, out var affiliation))
            {
                entity.CorporationId = affiliation.CorporationId;
                entity.AllianceId = affiliation.AllianceId;
            }
        }
    }

    private static EntityType? ParseCategory(string category) => category switch
    {
        "character" => EntityType.Character,
        "corporation" => EntityType.Corporation,
        "alliance" => EntityType.Alliance,
        _ => null,
    };
}
