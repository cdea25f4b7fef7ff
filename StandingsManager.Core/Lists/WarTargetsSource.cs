using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Lists;

/// <summary>
/// The war-targets source: who counts as a target (pure rules over the wars the scan has read) and writing them to every active
/// war-target list. A war counts from its start until it finishes (retracted or not), or from its declaration when the list takes
/// pending wars; then: if we are the aggressor, the defender and every ally are targets; if we defend or are an ally, the aggressor.
/// </summary>
public sealed class WarTargetsSource(IDbContextFactory<StandingsDbContext> dbFactory, StandingsEvents events)
{
    public static Localization.Phrase RemovedDetails => SourceText.Said("War.Gone");

    // ---- rules (pure) ----------------------------------------------------------------------------------------------

    /// <summary>Whether a side or an ally is the organisation: one of its alliances, or one of its corporations (with or without an alliance).</summary>
    public static bool IsUs(long? allianceId, long? corporationId, OrganizationOptions organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return (allianceId is { } a && organization.AllianceIds.Contains(a)) || (corporationId is { } c && organization.CorporationIds.Contains(c));
    }

    /// <summary>Whether the organisation is the aggressor, the defender or one of the defender's allies.</summary>
    public static bool InvolvesUs(KnownWar war, OrganizationOptions organization)
    {
        ArgumentNullException.ThrowIfNull(war);
        return IsUs(war.AggressorAllianceId, war.AggressorCorporationId, organization) || DefendsUs(war, organization);
    }

    private static bool DefendsUs(KnownWar war, OrganizationOptions organization) =>
        IsUs(war.DefenderAllianceId, war.DefenderCorporationId, organization)
        || ParseAllies(war.Allies).Any(a => IsUs(a.Type == EntityType.Alliance ? a.Id : null, a.Type == EntityType.Corporation ? a.Id : null, organization));

    /// <summary>Whether shooting is on at <paramref name="now"/>: started and not finished; a retracted war runs until it finishes.</summary>
    public static bool IsActive(KnownWar war, DateTimeOffset now) =>
        war.ReadAt is not null && war.Started is { } s && s <= now && !IsFinished(war, now);

    /// <summary>Declared but not started yet (no start date, or one in the future), and not finished.</summary>
    public static bool IsPending(KnownWar war, DateTimeOffset now) =>
        war.ReadAt is not null && (war.Started is not { } s || s > now) && !IsFinished(war, now);

    /// <summary>ESI sets <c>finished</c> ahead of time when a war is retracted or surrendered: it ends when that moment passes.</summary>
    public static bool IsFinished(KnownWar war, DateTimeOffset now) => war.Finished is { } f && f <= now;

    public static bool Counts(KnownWar war, bool includePending, DateTimeOffset now) =>
        IsActive(war, now) || (includePending && IsPending(war, now));

    /// <summary>The targets the wars make at <paramref name="now"/>, each with its wars newest first; the organisation itself never.</summary>
    public static IReadOnlyList<WarTarget> Targets(IEnumerable<KnownWar> wars, OrganizationOptions organization, bool includePending, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(wars);
        var targets = new Dictionary<long, (EntityType Type, List<KnownWar> Wars)>();
        void Add(long? allianceId, long? corporationId, KnownWar war)
        {
            if (IsUs(allianceId, corporationId, organization))
                return;
            var (id, type) = allianceId is { } a ? (a, EntityType.Alliance) : corporationId is { } c ? (c, EntityType.Corporation) : (0L, EntityType.Corporation);
            if (id == 0)
                return;
            if (!targets.TryGetValue(id, out var entry))
                targets[id] = entry = (type, []);
            entry.Wars.Add(war);
        }
        foreach (var war in wars.Where(w => Counts(w, includePending, now)).OrderByDescending(w => w.Id))
        {
            if (IsUs(war.AggressorAllianceId, war.AggressorCorporationId, organization))
            {
                Add(war.DefenderAllianceId, war.DefenderCorporationId, war);
                foreach (var (id, type) in ParseAllies(war.Allies))
                    Add(type == EntityType.Alliance ? id : null, type == EntityType.Corporation ? id : null, war);
            }
            else if (DefendsUs(war, organization))
            {
                Add(war.AggressorAllianceId, war.AggressorCorporationId, war);
            }
        }
        return [.. targets.OrderBy(t => t.Key).Select(t => new WarTarget(t.Key, t.Value.Type, t.Value.Wars))];
    }

    /// <summary>ESI's allies in the form <see cref="KnownWar.Allies"/> keeps them.</summary>
    public static string FormatAllies(IEnumerable<EsiWarAlly>? allies) =>
        string.Join(' ', (allies ?? []).Select(a => a.AllianceId is { } id ? Inv($"a{id}") : a.CorporationId is { } c ? Inv($"c{c}") : null).OfType<string>());

    public static IReadOnlyList<(long Id, EntityType Type)> ParseAllies(string allies)
    {
        var parsed = new List<(long, EntityType)>();
        foreach (var part in (allies ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Length > 1 && long.TryParse(part.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                parsed.Add((id, part[0] == 'a' ? EntityType.Alliance : EntityType.Corporation));
        }
        return parsed;
    }

    /// <summary>What the entry says about its wars: "war target: war #123 (Pirate Menace declared on Demo Alliance, started 2026-09-01)".</summary>
    public static Localization.Phrase Details(WarTarget target, Func<long, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(nameOf);
        // Names and days are taken now; the words are said in whichever language renders the phrase.
        var wars = target.Wars.Select(w =>
        {
            var aggressor = nameOf(w.AggressorAllianceId ?? w.AggressorCorporationId ?? 0);
            var defender = nameOf(w.DefenderAllianceId ?? w.DefenderCorporationId ?? 0);
            var allies = ParseAllies(w.Allies).Count;
            var id = w.Id.ToString(CultureInfo.InvariantCulture);
            var (declared, started, retracted, finished) = (Day(w.Declared), w.Started is { } s ? Day(s) : null, w.Retracted is not null, w.Finished is { } f ? Day(f) : null);
            return new Localization.Phrase(() =>
            {
                var state = new List<string> { started is null ? SourceText.Get("War.NotStarted") : SourceText.Format("War.Started", started) };
                if (retracted)
                    state.Add(SourceText.Get("War.Retracted"));
                if (finished is not null)
                    state.Add(SourceText.Format("War.Finishes", finished));
                var states = string.Join(", ", state);
                return allies == 0
                    ? SourceText.Format("War.Declared", id, aggressor, defender, declared, states)
                    : SourceText.Plural("War.DeclaredWithAllies", allies, id, aggressor, defender, declared, states);
            });
        }).ToList();
        return new(() => SourceText.Format("War.Target", string.Join("; ", wars.Select(w => w.Render()))));
    }

    // ---- apply -----------------------------------------------------------------------------------------------------

    /// <summary>
    /// Writes the targets of the wars of ours to every active war-target list (each list its own standing and pending setting) and
    /// stamps the lists with when the wars were last read. Returns how many entries changed.
    /// </summary>
    public async Task<int> ApplyAsync(OrganizationOptions organization, Func<IReadOnlyCollection<long>, CancellationToken, Task<IReadOnlyDictionary<long, string>>> names,
        DateTimeOffset? readAt, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(names);
        List<StandingsList> lists;
        List<KnownWar> ours;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            lists = await db.Lists.AsNoTracking().Where(l => l.Source == ListSource.WarTargets && l.Enabled && l.DeletedAt == null).ToListAsync(ct);
            if (lists.Count == 0)
                return 0;
            ours = await db.Set<KnownWar>().AsNoTracking().Where(w => w.InvolvesUs && w.ReadAt != null).ToListAsync(ct);
        }
        var changed = 0;
        foreach (var list in lists)
        {
            var targets = Targets(ours, organization, list.IncludePendingWars, now);
            var ids = targets.SelectMany(t => t.Wars.SelectMany(w => new[] { w.AggressorAllianceId ?? w.AggressorCorporationId ?? 0, w.DefenderAllianceId ?? w.DefenderCorporationId ?? 0 }))
                .Concat(targets.Select(t => t.EntityId)).Where(id => id != 0).Distinct().ToList();
            var known = await names(ids, ct);
            string NameOf(long id) => known.TryGetValue(id, out var name) ? name : Inv($"#{id}");
            var wanted = targets.Select(t => new SourcedEntry(t.EntityId, t.EntityType,
                known.TryGetValue(t.EntityId, out var n) ? n : Inv($"{t.EntityType} {t.EntityId}"), list.DefaultStanding, Details(t, NameOf))).ToList();
            var result = await ListContent.ApplyAsync(dbFactory, events, list.Id, wanted, RemovedDetails, now, ct);
            changed += result.Added + result.Changed + result.Removed;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.Lists.Where(l => l.Id == list.Id).ExecuteUpdateAsync(u => u.SetProperty(l => l.SourceReadAt, l => readAt ?? l.SourceReadAt), ct);
        }
        return changed;
    }

    private static string Day(DateTimeOffset? at) => at is { } d ? d.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "?";

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);
}
