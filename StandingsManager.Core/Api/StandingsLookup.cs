using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Api;

/// <summary>
/// "What is this id to us" for other programs: per active list, the entry for the character, else its corporation,
/// else its alliance, as the game resolves contacts. Ids the app has not seen are asked of EVE (<c>/universe/names</c>);
/// characters' corporations and alliances come from <see cref="EveDirectory"/> (cached <c>/characters/affiliation</c>).
/// A corporation is resolved through its alliance only when the app already knows that alliance. When EVE does not
/// answer (after the ESI client's retries), or would only answer after its daily downtime or an error-budget pause, the
/// whole look-up is refused as <see cref="WorkflowError.Unavailable"/>.
/// </summary>
public sealed class StandingsLookup(IDbContextFactory<StandingsDbContext> dbFactory, EsiClient esi, EveDirectory directory)
{
    public const int MaxIds = 1000;

    /// <summary>The longest an answer waits for ESI's gate (a slowed bucket); EVE's downtime or the error budget's pause refuse at once.</summary>
    public static readonly TimeSpan MaxEsiWait = TimeSpan.FromSeconds(10);

    public async Task<IReadOnlyList<ApiStanding>> LookUpAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0)
            throw WorkflowException.Invalid("Send at least one EVE id.");
        if (ids.Count > MaxIds)
            throw WorkflowException.Invalid($"At most {MaxIds} ids per call; this one has {ids.Count}. Split them.");
        if (ids.Any(id => id <= 0))
            throw WorkflowException.Invalid("EVE ids are positive numbers.");
        var distinct = ids.Distinct().ToList();
        using var answerNow = EsiGate.WaitNoLongerThan(MaxEsiWait);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lookups = await new EntityLookup(esi).LookUpAsync(db, distinct, [], LookupRetry.TryAgain, ct);
        var types = new Dictionary<long, (EntityType Type, string Name)>();
        foreach (var (id, entity) in lookups.ById)
        {
            if (StandingsCsv.TypeOf(entity.Category) is { } type)
                types[id] = (type, entity.Name);
        }
        var characters = types.Where(t => t.Value.Type == EntityType.Character).Select(t => t.Key).ToList();
        var affiliations = new Dictionary<long, EsiAffiliation>();
        if (characters.Count > 0)
        {
            try
            {
                foreach (var (id, affiliation) in await directory.AffiliationsAsync(characters, ct))
                    affiliations[id] = affiliation;
            }
            catch (EsiException ex)
            {
                // A character's standing needs its corporation and alliance: without them "neutral" could be wrong.
                throw WorkflowException.Unavailable($"EVE did not answer the look-up of characters' corporations just now " +
                    $"({(ex.StatusCode is { } s ? (int)s : "no answer")}); try again in a minute.");
            }
        }
        var corporations = types.Where(t => t.Value.Type == EntityType.Corporation).Select(t => t.Key).ToList();
        var corporationAlliances = await db.EveEntities.AsNoTracking()
            .Where(e => corporations.Contains(e.Id) && e.AllianceId != null)
            .ToDictionaryAsync(e => e.Id, e => e.AllianceId!.Value, ct);

        var chains = distinct.ToDictionary(id => id, id => Chain(id, types, affiliations, corporationAlliances));
        var involved = chains.Values.SelectMany(c => c).Distinct().ToList();
        var lists = await db.Lists.AsNoTracking().Where(l => l.Enabled && l.DeletedAt == null)
            .OrderByDescending(l => l.Priority).ThenBy(l => l.Id).Select(l => new { l.Id, l.Name }).ToListAsync(ct);
        var entries = (await db.Standings.AsNoTracking().Where(e => involved.Contains(e.EntityId)).ToListAsync(ct))
            .ToDictionary(e => (e.ListId, e.EntityId));

        var answers = new List<ApiStanding>(distinct.Count);
        foreach (var id in distinct)
        {
            if (!types.TryGetValue(id, out var known))
            {
                answers.Add(new ApiStanding(id, lookups.Unchecked.Contains(id) ? ApiStanding.Unchecked : ApiStanding.Unknown, null, null, null, null, []));
                continue;
            }
            if (known.Type == EntityType.Character && !affiliations.ContainsKey(id))
            {
                answers.Add(new ApiStanding(id, ApiStanding.Unknown, known.Type.ToString(), known.Name, null, null, []));
                continue;
            }
            var perList = lists.Select(l =>
            {
                var decider = chains[id].Select(e => entries.GetValueOrDefault((l.Id, e))).FirstOrDefault(e => e is not null);
                return new ApiListStanding(l.Id, l.Name, decider?.Standing,
                    decider is null ? null : new ApiDecidingEntry(decider.EntityId, decider.EntityType.ToString(), decider.EntityName, decider.Standing));
            }).ToList();
            var affiliation = affiliations.GetValueOrDefault(id);
            long? allianceId = affiliation is not null ? affiliation.AllianceId : corporationAlliances.TryGetValue(id, out var ofCorporation) ? ofCorporation : null;
            answers.Add(new ApiStanding(id, ApiStanding.Known, known.Type.ToString(), known.Name, affiliation?.CorporationId, allianceId, perList));
        }
        return answers;
    }

    /// <summary>The ids whose entries count for <paramref name="id"/>, in the game's order: itself, its corporation, its alliance.</summary>
    private static List<long> Chain(long id, Dictionary<long, (EntityType Type, string Name)> types, Dictionary<long, EsiAffiliation> affiliations,
        Dictionary<long, long> corporationAlliances)
    {
        var chain = new List<long> { id };
        if (!types.TryGetValue(id, out var known))
            return chain;
        if (known.Type == EntityType.Character && affiliations.TryGetValue(id, out var affiliation))
        {
            chain.Add(affiliation.CorporationId);
            if (affiliation.AllianceId is { } alliance)
                chain.Add(alliance);
        }
        else if (known.Type == EntityType.Corporation && corporationAlliances.TryGetValue(id, out var corporationAlliance))
        {
            chain.Add(corporationAlliance);
        }
        return chain;
    }
}
