using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Lists;

public enum WarScanActionKind
{
    /// <summary>Nothing to read now (or the bucket is down to its reserve): wait until <see cref="WarScanAction.Until"/>.</summary>
    Wait,
    /// <summary>Read one war (<see cref="WarScanAction.WarId"/>), conditionally when it has an ETag.</summary>
    ReadWar,
    /// <summary>Read a <c>/wars</c> page: ids below <see cref="WarScanAction.MaxWarId"/>, or the newest when null.</summary>
    ReadPage,
}

public sealed record WarScanAction(WarScanActionKind Kind, long? WarId = null, long? MaxWarId = null, string? ETag = null, DateTimeOffset? Until = null, bool Urgent = false);

/// <summary>What one step did, and when the next one is due.</summary>
/// <param name="NotModified">The call was answered 304 (ETag still current).</param>
/// <param name="Paced">The step waits for the bucket, not for lack of work.</param>
public sealed record WarScanStep(WarScanAction Action, DateTimeOffset NextAt, bool Failed = false, bool NotModified = false, bool Paced = false);

/// <summary>
/// The war scan, one ESI call per step. ESI has no route for one organisation's wars, so the scan reads <c>/wars</c> pages back
/// <c>Wars:ScanDepth</c> ids on a cold start and then each war, newest first; afterwards it reads only new ids and the wars that
/// can still matter, each no sooner than its Expires and with its ETag. Everything read is saved, so a restart carries on where it
/// stopped. The order of each step is decided by <see cref="Plan"/> (pure); the pacing by <see cref="WarScanPacer"/>.
/// </summary>
public sealed class WarScan(IDbContextFactory<StandingsDbContext> dbFactory, WarTargetsSource source, IOptions<StandingsOptions> standings,
    IOptions<WarsOptions> options, TimeProvider time, ILogger<WarScan> logger)
{
    /// <summary>Targets are re-worked at least this often, so a war starting or finishing at its set time shows without a read.</summary>
    public static readonly TimeSpan ApplyEvery = TimeSpan.FromMinutes(1);
    /// <summary>How long the scan waits after ESI failed (the gate adds its own waits for 420 and 429).</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(1);
    /// <summary>How often an idle scan (no active war-target list) looks again.</summary>
    public static readonly TimeSpan IdleCheck = TimeSpan.FromMinutes(1);

    private readonly Dictionary<long, string> _names = [];
    private DateTimeOffset _lastApply = DateTimeOffset.MinValue;
    private DateTimeOffset? _lastReadAt;
    private bool _failing;
    // Ids ESI could not name (it answers 404 for a whole batch then): not asked again, each 404 costs error budget.
    private readonly HashSet<long> _unnamed = [];
    private EsiClient? _esi;

    public WarScanPacer Pacer { get; } = new();

    /// <summary>
    /// The next thing to do, most urgent first: a due war of ours; the first page on a cold start; unread ids, newest first; the
    /// cold scan's next page; new ids once the first page expired; other watched wars that are due; else wait for the next expiry.
    /// </summary>
    public static WarScanAction Plan(WarScanState? state, KnownWar? dueOfOurs, long? newestUnread, KnownWar? dueOther, DateTimeOffset? nextExpiry, DateTimeOffset now)
    {
        if (dueOfOurs is not null)
            return new(WarScanActionKind.ReadWar, dueOfOurs.Id, ETag: dueOfOurs.ETag, Urgent: true);
        if (state?.NewestWarId is null)
            return new(WarScanActionKind.ReadPage);
        if (newestUnread is { } unread)
            return new(WarScanActionKind.ReadWar, unread);
        if (state.ColdMaxWarId is { } cursor && state.ColdIdsLeft > 0)
            return new(WarScanActionKind.ReadPage, MaxWarId: cursor);
        if (state.PageExpiresAt is not { } pageExpires || pageExpires <= now)
            return new(WarScanActionKind.ReadPage, ETag: state.PageETag);
        if (dueOther is not null)
            return new(WarScanActionKind.ReadWar, dueOther.Id, ETag: dueOther.ETag);
        var until = nextExpiry is { } next && next < pageExpires ? next : pageExpires;
        return new(WarScanActionKind.Wait, Until: until);
    }

    /// <summary>One step: plan, pace, make at most one ESI call, save what it said, and re-work the targets when they may have changed.</summary>
    public async Task<WarScanStep> StepAsync(EsiClient esi, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(esi);
        _esi = esi;
        var now = time.GetUtcNow();
        var organization = standings.Value.Organization;
        WarScanAction action;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await db.Lists.AnyAsync(l => l.Source == ListSource.WarTargets && l.Enabled && l.DeletedAt == null, ct))
                return new(new(WarScanActionKind.Wait, Until: now + IdleCheck), now + IdleCheck);
            var wars = db.Set<KnownWar>().AsNoTracking();
            var state = await db.Set<WarScanState>().AsNoTracking().SingleOrDefaultAsync(ct);
            var dueOfOurs = await wars.Where(w => w.Watch && w.InvolvesUs && w.ExpiresAt <= now).OrderBy(w => w.ExpiresAt).FirstOrDefaultAsync(ct);
            var unread = await wars.Where(w => w.ReadAt == null).OrderByDescending(w => w.Id).Select(w => (long?)w.Id).FirstOrDefaultAsync(ct);
            var dueOther = await wars.Where(w => w.Watch && !w.InvolvesUs && w.ExpiresAt <= now).OrderBy(w => w.ExpiresAt).FirstOrDefaultAsync(ct);
            var nextExpiry = await wars.Where(w => w.Watch).MinAsync(w => w.ExpiresAt, ct);
            if (state is { ColdFinishedAt: null, ColdMaxWarId: null } && unread is null)
                await db.Set<WarScanState>().ExecuteUpdateAsync(u => u.SetProperty(s => s.ColdFinishedAt, now), ct);
            action = Plan(state, dueOfOurs, unread, dueOther, nextExpiry, now);
        }

        if (action.Kind == WarScanActionKind.Wait)
            return await FinishAsync(action, changed: false, now, action.Until!.Value, ct);
        var paceAt = Pacer.NextCallAt(now, action.Urgent);
        if (paceAt > now)
        {
            var wait = new WarScanAction(WarScanActionKind.Wait, Until: paceAt);
            return await FinishAsync(wait, changed: false, now, paceAt, ct) with { Paced = true };
        }

        (bool Changed, bool NotModified) result;
        try
        {
            result = action.Kind == WarScanActionKind.ReadWar
                ? await ReadWarAsync(esi, action, organization, ct)
                : await ReadPageAsync(esi, action, ct);
        }
        catch (EsiException ex)
        {
            if (logger.IsEnabled(LogLevel.Warning))
                logger.LogWarning("The war scan could not read ESI: {Message}", FreeText.ForLog(ex.Message));
            await MarkProblemAsync(SourceText.Said("Source.WarsUnreadable", FreeText.Truncate(ex.Message, 300)), ct);
            var retryAt = time.GetUtcNow() + RetryAfterFailure;
            return new(action, retryAt, Failed: true);
        }
        _lastReadAt = time.GetUtcNow();
        if (_failing)
            await MarkProblemAsync(null, ct);
        return await FinishAsync(action, result.Changed, time.GetUtcNow(), time.GetUtcNow(), ct) with { NotModified = result.NotModified };
    }

    /// <summary>Re-works the targets when a war of ours changed or a minute passed; then the step is over.</summary>
    private async Task<WarScanStep> FinishAsync(WarScanAction action, bool changed, DateTimeOffset now, DateTimeOffset nextAt, CancellationToken ct)
    {
        if (changed || now >= _lastApply + ApplyEvery)
        {
            _lastApply = now;
            await source.ApplyAsync(standings.Value.Organization, NamesAsync, _lastReadAt, now, ct);
        }
        var applyAt = _lastApply + ApplyEvery;
        return new(action, nextAt < applyAt ? nextAt : applyAt);
    }

    /// <summary>Reads one war and saves it; true when it is (or was) one of ours and its answer changed.</summary>
    private async Task<(bool Changed, bool NotModified)> ReadWarAsync(EsiClient esi, WarScanAction action, OrganizationOptions organization, CancellationToken ct)
    {
        var id = action.WarId!.Value;
        EsiCachedRead<EsiWar> read;
        try
        {
            read = await esi.GetWarAsync(id, action.ETag, ct);
        }
        catch (EsiException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity)
        {
            // ESI no longer knows the id: keep it as read and unwatched so the scan does not ask again.
            await using var gone = await dbFactory.CreateDbContextAsync(ct);
            await gone.Set<KnownWar>().Where(w => w.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(w => w.ReadAt, time.GetUtcNow()).SetProperty(w => w.Watch, false).SetProperty(w => w.InvolvesUs, false), ct);
            return (true, false);
        }
        var now = time.GetUtcNow();
        Pacer.Observe(read.RateLimit, now);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var war = await db.Set<KnownWar>().SingleOrDefaultAsync(w => w.Id == id, ct);
        if (war is null)
            db.Set<KnownWar>().Add(war = new KnownWar { Id = id });
        var wasOurs = war.InvolvesUs;
        war.ExpiresAt = read.Expires ?? now + TimeSpan.FromHours(1);
        war.ETag = read.ETag ?? war.ETag;
        if (read.Value is { } w)
        {
            war.ReadAt = now;
            war.AggressorAllianceId = w.Aggressor.AllianceId;
            war.AggressorCorporationId = w.Aggressor.AllianceId is null ? w.Aggressor.CorporationId : null;
            war.DefenderAllianceId = w.Defender.AllianceId;
            war.DefenderCorporationId = w.Defender.AllianceId is null ? w.Defender.CorporationId : null;
            war.Allies = FreeText.Truncate(WarTargetsSource.FormatAllies(w.Allies), 20_000);
            war.Declared = w.Declared;
            war.Started = w.Started;
            war.Finished = w.Finished;
            war.Retracted = w.Retracted;
            war.Mutual = w.Mutual;
            war.OpenForAllies = w.OpenForAllies;
            war.InvolvesUs = WarTargetsSource.InvolvesUs(war, organization);
        }
        // Finished wars never change again; of the rest, ours matter, and open ones we could join as an ally.
        war.Watch = !WarTargetsSource.IsFinished(war, now) && (war.InvolvesUs || war.OpenForAllies);
        await db.SaveChangesAsync(ct);
        return (read.Value is not null && (war.InvolvesUs || wasOurs), read.NotModified);
    }

    /// <summary>Reads a <c>/wars</c> page: the newest (a cold start's first, or new ids since) or the cold scan's next one back.</summary>
    private async Task<(bool Changed, bool NotModified)> ReadPageAsync(EsiClient esi, WarScanAction action, CancellationToken ct)
    {
        var read = await esi.GetWarIdsAsync(action.MaxWarId, action.ETag, ct);
        var now = time.GetUtcNow();
        Pacer.Observe(read.RateLimit, now);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var state = await db.Set<WarScanState>().SingleOrDefaultAsync(ct);
        if (state is null)
            db.Set<WarScanState>().Add(state = new WarScanState { ScanDepth = options.Value.ScanDepth, ColdIdsLeft = options.Value.ScanDepth, ColdStartedAt = now });
        if (action.MaxWarId is null)
        {
            state.PageExpiresAt = read.Expires ?? now + TimeSpan.FromHours(1);
            state.PageETag = read.ETag ?? state.PageETag;
        }
        if (read.Value is not { } ids)
        {
            await db.SaveChangesAsync(ct);
            return (false, read.NotModified);
        }
        IReadOnlyList<long> take;
        if (action.MaxWarId is null && state.NewestWarId is { } newest)
        {
            // New ids only; anything at or below the newest known id was taken before.
            take = [.. ids.Where(id => id > newest)];
        }
        else
        {
            take = [.. ids.Take(state.ColdIdsLeft)];
            state.ColdIdsLeft -= take.Count;
            state.ColdMaxWarId = state.ColdIdsLeft > 0 && ids.Count >= EsiClient.WarIdsPerPage && ids.Count > 0 ? ids.Min() : null;
        }
        if (ids.Count > 0)
            state.NewestWarId = Math.Max(state.NewestWarId ?? 0, ids.Max());
        var known = await db.Set<KnownWar>().Where(w => take.Contains(w.Id)).Select(w => w.Id).ToListAsync(ct);
        foreach (var id in take.Except(known))
            db.Set<KnownWar>().Add(new KnownWar { Id = id });
        await db.SaveChangesAsync(ct);
        return (false, false);
    }

    /// <summary>Shows on every war-target list why its targets may be old (null clears it); the targets themselves stay.</summary>
    private async Task MarkProblemAsync(Phrase? problem, CancellationToken ct)
    {
        _failing = problem is not null;
        var texts = problem?.Capture(StandingsList.SourceProblemLength);
        var (english, translations) = (texts?.English, texts?.ToJson());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Lists.Where(l => l.Source == ListSource.WarTargets && l.DeletedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.SourceProblem, english).SetProperty(l => l.SourceProblemTexts, translations), ct);
    }

    /// <summary>Names for targets and sides: remembered, then the app's records, then ESI's /universe/names (unknown ids keep no name).</summary>
    private async Task<IReadOnlyDictionary<long, string>> NamesAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var missing = ids.Where(id => !_names.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                foreach (var e in await db.EveEntities.AsNoTracking().Where(e => missing.Contains(e.Id)).Select(e => new { e.Id, e.Name }).ToListAsync(ct))
                    _names[e.Id] = e.Name;
            }
            missing.RemoveAll(id => _names.ContainsKey(id) || _unnamed.Contains(id));
        }
        if (missing.Count > 0 && _esi is not null)
        {
            try
            {
                foreach (var name in (await _esi.GetNamesAsync(missing, ct)).Value)
                    _names[name.Id] = name.Name;
            }
            catch (EsiException ex)
            {
                if (logger.IsEnabled(LogLevel.Information))
                    logger.LogInformation("War parties {Ids} have no name from ESI: {Message}", string.Join(' ', missing), FreeText.ForLog(ex.Message));
                _unnamed.UnionWith(missing);
            }
        }
        return _names;
    }
}
