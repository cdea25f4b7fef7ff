using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Persistence;

namespace StandingsManager.App.Bench;

/// <summary>
/// <c>--bench wars</c>: the war scan against 20,000 simulated wars (<c>DemoEsi:Wars</c>, <c>Wars:ScanDepth</c>) with the real
/// 3,600-token killmail bucket, on a clock the bench moves forward whenever the scan waits, so hours of pacing take minutes.
/// A cold start (calls, the time it takes at the bucket's pace, the fewest tokens left at any moment), then a warm cycle an hour
/// later with ten new wars (304s and new ids only).
/// </summary>
public static class WarsBench
{
    private const int NewWars = 10;

    public static bool IsRequested(string[] args) =>
        args.Length >= 2 && args[0] == "--bench" && args[1] == "wars";

    // The bench's defaults come first so settings given after "--bench wars" win.
    public static string[] HostArguments(string[] args) => BenchMode.DemoHost(
    [
        args[0], args[1],
        "--DemoEsi:Wars", "20000", "--Wars:ScanDepth", "20000",
        "--Demo:SeedSyncedCharacters", "false", "--Demo:SeedWarTargets", "false", "--Demo:SeedSystemRevocation", "false",
        .. args.Skip(2),
    ]);

    /// <summary>The bench's clock, and no war worker: the bench steps the scan itself.</summary>
    public static void Services(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(new BenchClock());
        foreach (var worker in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(WarScanWorker)).ToList())
            services.Remove(worker);
    }

    public static async Task<int> RunAsync(WebApplication app)
    {
        await app.StartAsync();
        try
        {
            var clock = (BenchClock)app.Services.GetRequiredService<TimeProvider>();
            var dbFactory = app.Services.GetRequiredService<IDbContextFactory<StandingsDbContext>>();
            var scan = app.Services.GetRequiredService<WarScan>();
            var wars = app.Services.GetRequiredService<DemoEsiWars>();
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                db.Lists.Add(new StandingsList { Name = "War Targets", LabelName = "War Targets", Source = ListSource.WarTargets, DefaultStanding = -10, CreatedAt = clock.GetUtcNow() });
                await db.SaveChangesAsync();
            }
            Console.WriteLine($"War scan against {wars.Count:N0} simulated wars, killmail bucket {DemoEsiBucketLimiter.Killmail.LimitHeader} ({BenchMode.BuildKind})");

            var coldStart = clock.GetUtcNow();
            var cold = await RunUntilIdleAsync(app, scan, clock, dbFactory);
            var coldTime = clock.GetUtcNow() - coldStart;
            var coldMin = scan.Pacer.LowestRemaining ?? DemoEsiBucketLimiter.Killmail.MaxTokens;

            // An hour on every cached answer has expired: the warm cycle asks the first page and the watched wars again.
            clock.Jump(TimeSpan.FromHours(1));
            for (var i = 0; i < NewWars; i++)
                wars.Add(new DemoWarParty(null, DemoEsiWars.StrangerCorporationBase + i), new DemoWarParty(null, DemoEsiWars.StrangerCorporationBase + 1_000 + i));
            var warm = await RunUntilIdleAsync(app, scan, clock, dbFactory);

            Console.WriteLine();
            Console.WriteLine("| cycle | calls | 304s | failed | time at the bucket's pace |");
            Console.WriteLine("|---|---|---|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| cold start | {cold.Calls} | {cold.NotModified} | {cold.Failed} | {coldTime.TotalHours:0.00} h |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| warm cycle ({NewWars} new wars) | {warm.Calls} | {warm.NotModified} | {warm.Failed} | |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wars-bench: cold_calls={cold.Calls} cold_min_bucket_left={coldMin} warm_calls={warm.Calls}"));
            return cold.Failed + warm.Failed == 0 ? 0 : 1;
        }
        finally
        {
            await BenchMode.CleanUpAsync(app);
        }
    }

    private sealed record Cycle(int Calls, int NotModified, int Failed);

    /// <summary>Steps the scan, moving the clock to each wait's end, until it has nothing left to read and waits for an expiry.</summary>
    private static async Task<Cycle> RunUntilIdleAsync(WebApplication app, WarScan scan, BenchClock clock, IDbContextFactory<StandingsDbContext> dbFactory)
    {
        int calls = 0, notModified = 0, failed = 0;
        while (true)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var step = await scan.StepAsync(scope.ServiceProvider.GetRequiredService<EsiClient>(), CancellationToken.None);
            if (step.Action.Kind != WarScanActionKind.Wait)
            {
                calls++;
                notModified += step.NotModified ? 1 : 0;
                failed += step.Failed ? 1 : 0;
            }
            else if (!step.Paced)
            {
                await using var db = await dbFactory.CreateDbContextAsync();
                if (!await db.Set<KnownWar>().AnyAsync(w => w.ReadAt == null))
                    return new(calls, notModified, failed);
            }
            if (failed > 100)
                throw new InvalidOperationException("The war scan failed a hundred times; see the log.");
            clock.JumpTo(step.NextAt);
        }
    }

    /// <summary>Real time plus whatever the bench skipped: waits the scan would sleep through pass at once.</summary>
    private sealed class BenchClock : TimeProvider
    {
        private long _skippedTicks;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _skippedTicks));

        public void JumpTo(DateTimeOffset at)
        {
            var ahead = at - GetUtcNow();
            if (ahead > TimeSpan.Zero)
                Jump(ahead);
        }

        public void Jump(TimeSpan by) => Interlocked.Add(ref _skippedTicks, by.Ticks);
    }
}
