using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;
using StandingsManager.Tests.EsiIntegration;

namespace StandingsManager.Tests.Lists;

/// <summary>
/// The war scan of the app (its database, its ESI client and gate) against the simulated ESI over real HTTP, on a fake clock.
/// The app's own worker is left out, so the test drives the scan step by step; a war-target list exists.
/// </summary>
public sealed class WarScanRig : IAsyncDisposable
{
    public WarScanRig(int wars = 300, int scanDepth = 20_000)
    {
        Esi = new EsiRig(services: s =>
        {
            foreach (var worker in s.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(WarScanWorker)).ToList())
                s.Remove(worker);
        }, settings: new() { ["DemoEsi:Wars"] = wars.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Wars:ScanDepth"] = scanDepth.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Scan = NewScan();
    }

    public EsiRig Esi { get; }
    public WarScan Scan { get; private set; }
    public DemoEsiWars Wars => Services.GetRequiredService<DemoEsiWars>();
    public IServiceProvider Services => Esi.Host.Services;
    public IDbContextFactory<StandingsDbContext> Db => Services.GetRequiredService<IDbContextFactory<StandingsDbContext>>();
    public DateTimeOffset Now => Esi.Time.GetUtcNow();
    public int ListId { get; private set; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new scan over the same database, as after a restart (its pacer and memory are fresh).</summary>
    public WarScan NewScan() => Scan = new WarScan(Db, Services.GetRequiredService<WarTargetsSource>(), Services.GetRequiredService<IOptions<StandingsOptions>>(),
        Services.GetRequiredService<IOptions<WarsOptions>>(), Esi.Time, NullLogger<WarScan>.Instance);

    public async Task<int> CreateListAsync(bool includePending = true, double standing = -10)
    {
        await using var db = await Db.CreateDbContextAsync(Ct);
        var list = new StandingsList { Name = "War Targets", LabelName = "WAR TARGETS", Source = ListSource.WarTargets, DefaultStanding = standing, IncludePendingWars = includePending, CreatedAt = Now, Priority = 10 };
        db.Lists.Add(list);
        await db.SaveChangesAsync(Ct);
        return ListId = list.Id;
    }

    /// <summary>One step; a wait is slept through on the fake clock.</summary>
    public async Task<WarScanStep> StepAsync()
    {
        var step = await Scan.StepAsync(Esi.Esi, Ct);
        if (step.NextAt > Now)
            Esi.Time.SetUtcNow(step.NextAt);
        return step;
    }

    /// <summary>Steps until <paramref name="done"/> holds after a step; returns the steps taken.</summary>
    public async Task<List<WarScanStep>> StepUntilAsync(Func<WarScanStep, Task<bool>> done, int maxSteps = 20_000)
    {
        var steps = new List<WarScanStep>();
        for (var i = 0; i < maxSteps; i++)
        {
            var step = await StepAsync();
            steps.Add(step);
            if (await done(step))
                return steps;
        }
        throw new Xunit.Sdk.XunitException($"The scan did not get there in {maxSteps} steps.");
    }

    /// <summary>Steps until the scan has nothing to read and waits for an expiry: the cold scan (or a warm cycle) is over.</summary>
    public Task<List<WarScanStep>> StepUntilIdleAsync() =>
        StepUntilAsync(async step => step.Action.Kind == WarScanActionKind.Wait && !step.Paced && await UnreadAsync() == 0);

    public async Task<int> UnreadAsync()
    {
        await using var db = await Db.CreateDbContextAsync(Ct);
        return await db.Set<KnownWar>().CountAsync(w => w.ReadAt == null, Ct);
    }

    public async Task<Dictionary<long, StandingsEntry>> EntriesAsync()
    {
        await using var db = await Db.CreateDbContextAsync(Ct);
        return await db.Standings.AsNoTracking().Where(e => e.ListId == ListId).ToDictionaryAsync(e => e.EntityId, Ct);
    }

    public async Task<StandingsList> ListAsync()
    {
        await using var db = await Db.CreateDbContextAsync(Ct);
        return await db.Lists.AsNoTracking().SingleAsync(l => l.Id == ListId, Ct);
    }

    public ValueTask DisposeAsync() => Esi.DisposeAsync();
}
