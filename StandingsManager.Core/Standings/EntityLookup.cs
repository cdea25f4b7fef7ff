using System.Net;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Standings;

/// <summary>What the person can do when EVE does not answer a look-up: each ends the refusal as a whole sentence.</summary>
internal enum LookupRetry
{
    TryAgain,
    UploadAgain,
    SaveAgain,
    ReadLater,
}

/// <summary>
/// What EVE says ids and names are, for the CSV import and for entries added by hand: the app's own records first,
/// then <c>/universe/names</c> for ids and <c>/universe/ids</c> for exact names.
/// </summary>
internal sealed class EntityLookup(EsiClient esi)
{
    /// <summary>
    /// ESI answers 404 for a whole /universe/names call when one id is unknown, so unknown ids are found by halving the
    /// batch. Each 404 counts against ESI's error limit (100 a minute): past this many, the rest stay unchecked.
    /// </summary>
    public const int MaxFailedIdLookups = 20;

    /// <summary>Resolves ids (the app's records, then EVE) and names (EVE); <paramref name="retry"/> ends the message when EVE does not answer.</summary>
    public async Task<ImportLookups> LookUpAsync(StandingsDbContext db, IReadOnlyCollection<long> ids, IReadOnlyCollection<string> names, LookupRetry retry, CancellationToken ct)
    {
        var byId = await KnownLocallyAsync(db, ids, ct);
        var @unchecked = await LookUpIdsAsync([.. ids.Where(id => !byId.ContainsKey(id))], byId, retry, ct);
        var byName = await ResolveNamesAsync(names, retry, ct);
        return new ImportLookups(byId, byName, @unchecked);
    }

    /// <summary>Ids the app already knows: entries on the list and EVE names it has cached.</summary>
    private static async Task<Dictionary<long, KnownEntity>> KnownLocallyAsync(StandingsDbContext db, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var known = await db.EveEntities.AsNoTracking().Where(e => ids.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => new KnownEntity(e.Id, e.Name, StandingsCsv.TypeName(e.Type)), ct);
        foreach (var e in await db.Standings.AsNoTracking().Where(e => ids.Contains(e.EntityId)).ToListAsync(ct))
            known[e.EntityId] = new KnownEntity(e.EntityId, e.EntityName, StandingsCsv.TypeName(e.EntityType));
        return known;
    }

    /// <summary>Asks EVE about the other ids, halving a batch that holds an unknown one. Returns the ids left unchecked.</summary>
    private async Task<HashSet<long>> LookUpIdsAsync(List<long> ids, Dictionary<long, KnownEntity> known, LookupRetry retry, CancellationToken ct)
    {
        var @unchecked = new HashSet<long>();
        var failures = 0;
        var batches = new Stack<List<long>>();
        if (ids.Count > 0)
            batches.Push(ids);
        while (batches.TryPop(out var batch))
        {
            if (failures >= MaxFailedIdLookups)
            {
                @unchecked.UnionWith(batch);
                continue;
            }
            try
            {
                foreach (var name in (await esi.GetNamesAsync(batch, ct)).Value)
                    known[name.Id] = new KnownEntity(name.Id, name.Name, name.Category);
            }
            catch (EsiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                failures++;
                if (batch.Count > 1)
                {
                    batches.Push(batch[(batch.Count / 2)..]);
                    batches.Push(batch[..(batch.Count / 2)]);
                }
            }
            catch (EsiException ex)
            {
                throw EveUnavailable(ex, retry);
            }
        }
        return @unchecked;
    }

    private async Task<Dictionary<string, IReadOnlyList<KnownEntity>>> ResolveNamesAsync(IReadOnlyCollection<string> names, LookupRetry retry, CancellationToken ct)
    {
        if (names.Count == 0)
            return new(StringComparer.OrdinalIgnoreCase);
        EsiResolvedIds found;
        try
        {
            found = (await esi.ResolveIdsAsync(names.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), ct)).Value;
        }
        catch (EsiException ex)
        {
            throw EveUnavailable(ex, retry);
        }
        return found.Characters.Select(e => new KnownEntity(e.Id, e.Name, "character"))
            .Concat(found.Corporations.Select(e => new KnownEntity(e.Id, e.Name, "corporation")))
            .Concat(found.Alliances.Select(e => new KnownEntity(e.Id, e.Name, "alliance")))
            .Concat(found.Factions.Select(e => new KnownEntity(e.Id, e.Name, "faction")))
            .GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<KnownEntity>)g.ToList(), StringComparer.OrdinalIgnoreCase);
    }

    private static WorkflowException EveUnavailable(EsiException ex, LookupRetry retry)
    {
        var status = EveWords.Status(ex);
        return WorkflowException.Unavailable(retry switch
        {
            LookupRetry.UploadAgain => CoreText.Format("Eve.LookupUnavailable.UploadAgain", status),
            LookupRetry.SaveAgain => CoreText.Format("Eve.LookupUnavailable.SaveAgain", status),
            LookupRetry.ReadLater => CoreText.Format("Eve.LookupUnavailable.ReadLater", status),
            _ => CoreText.Format("Eve.LookupUnavailable.TryAgain", status),
        });
    }
}
