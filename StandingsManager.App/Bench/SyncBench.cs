using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;

namespace StandingsManager.App.Bench;

/// <summary>
/// <c>--bench sync</c>: the real scheduler, engine and ESI client against the in-process simulated ESI over HTTP.
/// Calls made ÷ the minimum for three diffs (first sync, 1 % churn, no change), the planner's CPU per character, and
/// throughput of converged characters with 100 ms per ESI call, ending with one machine-readable line.
/// </summary>
public static class SyncBench
{
    private const int RatioCharacters = 200;
    private const int Entries = 1_000;
    private const int ThroughputCharacters = 2_000;
    private const int ListsCharacters = 100;
    private const long MirrorLabelId = 8;
    private const long WarLabelId = 16;
    private const string MirrorLabel = "Bench Mirrored";
    private const string WarLabel = "Bench War Targets";
    private const int ThroughputLatencyMs = 100;
    private const int Workers = 8;
    private const int Plans = 2_000;
    private static readonly double[] Standings = [-10, -5, 5, 10];

    public static bool IsRequested(string[] args) =>
        args.Length >= 2 && args[0] == "--bench" && args[1] == "sync";

    /// <summary>Demo mode with a throw-away database; the crowd corporation is the home organisation, so its pilots may sync.</summary>
    public static string[] HostArguments(string[] args) => BenchMode.DemoHost(args,
        "--" + DemoSeeder.SeedSyncSetting, "false",
        // The demo's expired Crowd Industries deal is an entry of its own standing (+3): one more POST per character that
        // the minimum below, counted from the bench's own entries, knows nothing of.
        "--" + DemoSeeder.SeedSystemRevocationSetting, "false",
        "--Standings:Organization:CorporationIds:0", DemoUniverse.CrowdCorporationId.ToString(CultureInfo.InvariantCulture),
        "--Standings:MaxParallelSyncs", Workers.ToString(CultureInfo.InvariantCulture),
        // Nothing comes due again by itself while the bench runs: each cycle is made due on purpose.
        "--Standings:SyncIntervalMinutes", "1440",
        "--Standings:SyncTimeoutMinutes", "2880");

    public static async Task<int> RunAsync(WebApplication app)
    {
        await app.StartAsync();
        try
        {
            var bench = new Runner(app.Services);
            Console.WriteLine($"Contact sync against the in-process simulated ESI ({Environment.ProcessorCount} cores, {BenchMode.BuildKind})");
            Console.WriteLine();

            // 1. The planner alone, first, while nothing else in the process is busy: 1,000 entries against 1,000 contacts
            // with 1 % differences.
            var cpuPerPlan = MeasurePlanner();

            await bench.Seeding.OnlyFirstListAsync();

            // 2. Calls made ÷ the minimum, 200 characters × 1,000 entries.
            var entries = DemoUniverse.Crowd.Take(Entries).Select((p, i) => (p.Id, p.Name, Standing: Standings[i % Standings.Length])).ToList();
            await bench.Seeding.AddEntriesAsync(entries);
            var ratioIds = DemoUniverse.Crowd.TakeLast(RatioCharacters).Select(p => p.Id).ToList();
            await bench.Seeding.EnrolAsync(ratioIds);

            var first = await bench.CycleAsync(ratioIds);
            var firstMinimum = Standings.Sum(s => Groups(entries.Count(e => e.Standing == s), EsiClient.MaxContactsPerWrite)) + 2;

            // 1 % churn: 4 standings change (one PUT), 3 entries go (one DELETE), 3 arrive (one POST).
            await bench.ChurnAsync(entries.Take(4).Select(e => e.Id), 7.5, entries.Skip(4).Take(3).Select(e => e.Id),
                DemoUniverse.Crowd.Skip(Entries).Take(3).Select(p => (p.Id, p.Name, 2.5)));
            var churn = await bench.CycleAsync(ratioIds);
            const int churnMinimum = 1 + 1 + 1 + 2;

            var quiet = await bench.CycleAsync(ratioIds);
            const int quietMinimum = 2;

            // 3. Throughput: 2,000 converged characters, 100 ms per ESI call, 8 workers.
            var throughputIds = DemoUniverse.Crowd.Skip(300).Take(ThroughputCharacters).Select(p => p.Id).ToList();
            await bench.Seeding.EnrolConvergedAsync(throughputIds);
            var warm = await bench.CycleAsync(throughputIds); // settles hashes and ETags; not measured
            bench.Latency = ThroughputLatencyMs;
            var measured = await bench.CycleAsync(throughputIds);
            var ideal = Workers / (2 * ThroughputLatencyMs / 1000.0);
            var rate = throughputIds.Count / measured.Elapsed.TotalSeconds;
            bench.Latency = 0;

            // 4. Three lists over 100 fresh characters: the 1,000 requested entries, 200 mirrored and 50 war targets,
            // overlapping on purpose; then a converged cycle, which must write nothing.
            var listIds = DemoUniverse.Crowd.Skip(200).Take(ListsCharacters).Select(p => p.Id).ToList();
            var listsMinimum = await bench.AddThreeListsAsync(listIds);
            var lists = await bench.CycleAsync(listIds);
            var listsQuiet = await bench.CycleAsync(listIds);

            long peakMb;
            using (var process = Process.GetCurrentProcess())
                peakMb = process.PeakWorkingSet64 / (1024 * 1024);

            Console.WriteLine("| measurement | characters | ESI calls | minimum | ratio | outcomes | wall time | sync p50 | sync p95 | peak working set so far |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            Row("first sync from empty (1,000 adds)", first, firstMinimum * first.Characters);
            Row("1 % churn (4 updates, 3 removals, 3 adds)", churn, churnMinimum * churn.Characters);
            Row("no change", quiet, quietMinimum * quiet.Characters);
            Row("throughput warm-up (converged, 0 ms latency)", warm, quietMinimum * warm.Characters);
            Row($"throughput ({ThroughputLatencyMs} ms per ESI call, {Workers} workers)", measured, quietMinimum * measured.Characters);
            Row("three lists from empty (1,000 requested, 200 mirrored, 50 war targets, overlapping)", lists, listsMinimum);
            Row("three lists, converged", listsQuiet, quietMinimum * listsQuiet.Characters);
            Console.WriteLine();
            Console.WriteLine(Invariant($"planner: {cpuPerPlan:0.000} ms CPU per plan (1,000 entries vs 1,000 contacts, 1 % different, mean of {Plans})"));
            Console.WriteLine(Invariant($"throughput: {rate:0.0} characters/s against an ideal of {ideal:0.0} ({Workers} ÷ (2 × {ThroughputLatencyMs / 1000.0:0.0} s)); peak working set {peakMb} MB, managed heap now {GC.GetGCMemoryInfo().HeapSizeBytes / (1024 * 1024)} MB"));
            Console.WriteLine(Invariant(
                $"sync-bench: first_sync_calls_ratio={first.Ratio(firstMinimum * first.Characters):0.00} churn_calls_ratio={churn.Ratio(churnMinimum * churn.Characters):0.00} nochange_calls_ratio={quiet.Ratio(quietMinimum * quiet.Characters):0.00} engine_cpu_ms_per_char={cpuPerPlan:0.000} throughput_ratio={rate / ideal:0.00} chars_per_30min={(long)(rate * 1800)} peak_mb={peakMb} three_lists_calls_ratio={lists.Ratio(listsMinimum):0.00} three_lists_converged_calls_ratio={listsQuiet.Ratio(quietMinimum * listsQuiet.Characters):0.00} three_lists_converged_writes={listsQuiet.Writes}"));
            return 0;
        }
        finally
        {
            await BenchMode.CleanUpAsync(app);
        }
    }

    private static int Groups(int count, int perCall) => (count + perCall - 1) / perCall;

    private static void Row(string name, Cycle cycle, int minimum) =>
        Console.WriteLine(Invariant(
            $"| {name} | {cycle.Characters} | {cycle.Calls} | {minimum} | {cycle.Ratio(minimum):0.00} | {cycle.Outcomes} | {cycle.Elapsed.TotalSeconds:0.0} s | {cycle.P50Ms} ms | {cycle.P95Ms} ms | {cycle.PeakMb} MB |"));

    /// <summary>CPU time of <see cref="SyncPlanner.Plan"/> for a steady-state character with 1 % of its contacts off.</summary>
    private static double MeasurePlanner()
    {
        const long label = DemoEsiStore.StandingsLabelId;
        var now = DateTimeOffset.UtcNow;
        var old = now.AddHours(-1);
        var desired = DemoUniverse.Crowd.Take(Entries).Select((p, i) => new DesiredContact(p.Id, EntityType.Character, Standings[i % Standings.Length], p.Name)).ToList();
        // Every hundredth contact holds another standing than its entry: ten updates per plan.
        var read = desired.Select((d, i) => new EsiContact(d.Id, "character", i % 100 == 0 ? 0 : d.Standing, [label])).ToList();
        var ledger = desired.Select((d, i) => new ManagedContact
        {
            ContactId = d.Id, ContactType = EntityType.Character, Standing = i % 100 == 0 ? 0 : d.Standing, LabelIds = SyncPlanner.FormatLabels([label]),
            State = LedgerState.Written, WrittenAt = old,
        }).ToList();
        SyncPlan Plan() => SyncPlanner.Plan(read, label, ledger, desired, 1, PersonalContactPolicy.Preserve, now, SyncPlanner.CacheWindow);
        if (Plan().Calls.Count != 1)
            throw new InvalidOperationException("The planner bench expected exactly one update call.");
        // Warm up past tiered compilation: call counting, then a pause for the optimised code to be installed.
        for (var i = 0; i < 500; i++)
            Plan();
        Thread.Sleep(500);
        for (var i = 0; i < 500; i++)
            Plan();
        GC.Collect();
        // CPU time, not wall time: on a shared machine the wall clock mostly measures the neighbours. The process's other
        // threads are idle here (nothing is due yet), so its CPU time is the planner's.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < Plans; i++)
            Plan();
        return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Plans;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <param name="P50Ms">Median duration of one character's sync (the engine's own clock), so the table shows where time goes.</param>
    /// <param name="Writes">Contacts added, updated and removed over the cycle.</param>
    private sealed record Cycle(int Characters, int Calls, string Outcomes, TimeSpan Elapsed, int P50Ms, int P95Ms, long PeakMb, int Writes)
    {
        public double Ratio(int minimum) => Calls / (double)minimum;
    }

    private sealed class Runner(IServiceProvider services)
    {
        private readonly IDbContextFactory<StandingsDbContext> _db = services.GetRequiredService<IDbContextFactory<StandingsDbContext>>();
        private readonly DemoEsiStore _store = services.GetRequiredService<DemoEsiStore>();
        private readonly SyncEvents _events = services.GetRequiredService<SyncEvents>();
        private readonly SyncDueSoon _dueSoon = services.GetRequiredService<SyncDueSoon>();
        private readonly DemoEsiOptions _esi = services.GetRequiredService<IOptions<DemoEsiOptions>>().Value;
        private readonly TimeProvider _time = services.GetRequiredService<TimeProvider>();

        public BenchSeeding Seeding { get; } = new(services);

        public int Latency
        {
            set => _esi.LatencyMs = value;
        }

        public async Task ChurnAsync(IEnumerable<long> edit, double to, IEnumerable<long> remove, IEnumerable<(long Id, string Name, double Standing)> add)
        {
            await using (var db = await _db.CreateDbContextAsync())
            {
                var edited = edit.ToList();
                foreach (var entry in await db.Standings.Where(e => e.ListId == StandingsList.FirstListId && edited.Contains(e.EntityId)).ToListAsync())
                    entry.Standing = to;
                var removed = remove.ToList();
                db.Standings.RemoveRange(await db.Standings.Where(e => e.ListId == StandingsList.FirstListId && removed.Contains(e.EntityId)).ToListAsync());
                await db.SaveChangesAsync();
            }
            await Seeding.AddEntriesAsync(add);
        }

        /// <summary>
        /// Beside the requested list's entries: a mirrored list of 200 (180 of them also requested, at +5, and 20 more at
        /// +10) and a war-target list of 50 at -10 (25 on all three lists, 20 also requested, 5 also mirrored), put in
        /// directly, 1,020 entities in all so that the cap stays out of the measure; the
        /// characters are enrolled with all three labels. Returns the fewest calls their first sync allows: per character
        /// (itself never a contact), per group of the same standing (the highest-priority list's) and the same labels (one
        /// per list holding the entity), ⌈count ÷ 100⌉ adds, plus the two reads.
        /// </summary>
        public async Task<int> AddThreeListsAsync(List<long> characterIds)
        {
            var now = _time.GetUtcNow();
            var mirrorOnly = DemoUniverse.Crowd.Skip(1_100).Take(20).ToList();
            await using (var db = await _db.CreateDbContextAsync())
            {
                var requested = await db.Standings.AsNoTracking().Where(e => e.ListId == StandingsList.FirstListId).OrderBy(e => e.EntityId).ToListAsync();
                var first = await db.Lists.SingleAsync(l => l.Id == StandingsList.FirstListId);
                // Put in as requests-source lists: the in-game contacts and war workers must not rewrite what the bench measures.
                var mirror = new StandingsList { Name = "Bench Mirrored", LabelName = MirrorLabel, Priority = first.Priority + 50, CreatedAt = now };
                var wars = new StandingsList { Name = "Bench War Targets", LabelName = WarLabel, Priority = first.Priority + 200, CreatedAt = now };
                db.Lists.AddRange(mirror, wars);
                await db.SaveChangesAsync();
                StandingsEntry Entry(int listId, long id, string name, double standing) =>
                    new() { ListId = listId, EntityId = id, EntityType = EntityType.Character, EntityName = name, Standing = standing, AddedByName = "Bench", AddedAt = now };
                db.Standings.AddRange(requested.Take(180).Select(e => Entry(mirror.Id, e.EntityId, e.EntityName, 5)));
                db.Standings.AddRange(mirrorOnly.Select(p => Entry(mirror.Id, p.Id, p.Name, 10)));
                db.Standings.AddRange(requested.Take(25).Concat(requested.Skip(180).Take(20)).Select(e => Entry(wars.Id, e.EntityId, e.EntityName, -10)));
                db.Standings.AddRange(mirrorOnly.Take(5).Select(p => Entry(wars.Id, p.Id, p.Name, -10)));
                await db.SaveChangesAsync();
            }
            await Seeding.EnrolAsync(characterIds);
            foreach (var id in characterIds)
            {
                _store.ReplaceLabels(id, [new DemoEsiLabel(DemoEsiStore.StandingsLabelId, _store.StandingsLabelName),
                    new DemoEsiLabel(MirrorLabelId, MirrorLabel), new DemoEsiLabel(WarLabelId, WarLabel)]);
            }

            // The merged set, counted here from the entries rather than by the engine's own merge.
            await using var read = await _db.CreateDbContextAsync();
            var labels = await read.Lists.AsNoTracking().Where(l => l.Enabled && l.DeletedAt == null).ToDictionaryAsync(l => l.Id, l => (l.Priority,
                Label: l.Id == StandingsList.FirstListId ? DemoEsiStore.StandingsLabelId : l.LabelName == MirrorLabel ? MirrorLabelId : WarLabelId));
            var merged = (await read.Standings.AsNoTracking().Select(e => new { e.EntityId, e.ListId, e.Standing }).ToListAsync())
                .Where(e => labels.ContainsKey(e.ListId))
                .GroupBy(e => e.EntityId)
                .Select(g => (Id: g.Key,
                    Standing: g.OrderByDescending(e => labels[e.ListId].Priority).ThenBy(e => e.ListId).First().Standing,
                    Labels: string.Join(' ', g.Select(e => labels[e.ListId].Label).Order())))
                .ToList();
            return characterIds.Sum(c => merged.Where(m => m.Id != c).GroupBy(m => (m.Standing, m.Labels)).Sum(g => Groups(g.Count(), EsiClient.MaxContactsPerWrite)) + 2);
        }

        /// <summary>Makes the characters due now and waits until the scheduler has finished every one of them.</summary>
        public async Task<Cycle> CycleAsync(List<long> ids)
        {
            var waiting = ids.ToHashSet();
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var subscription = _events.Subscribe(e =>
            {
                if (e.Kind == SyncEventKind.Finished)
                {
                    lock (waiting)
                    {
                        if (waiting.Remove(e.CharacterId) && waiting.Count == 0)
                            done.TrySetResult();
                    }
                }
                return Task.CompletedTask;
            });
            var since = _time.GetUtcNow();
            var clock = Stopwatch.StartNew();
            await _dueSoon.MakeDueNowAsync(ids);
            await done.Task.WaitAsync(TimeSpan.FromMinutes(30));
            var elapsed = clock.Elapsed;

            await using var db = await _db.CreateDbContextAsync();
            var mine = ids.ToHashSet();
            var runs = (await db.SyncRuns.AsNoTracking().Where(r => r.StartedAt >= since && !r.DryRun).ToListAsync())
                .Where(r => mine.Contains(r.CharacterId)).ToList();
            var outcomes = string.Join(", ", runs.GroupBy(r => r.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"));
            var durations = runs.Select(r => r.DurationMs).Order().ToList();
            int Percentile(double p) => durations.Count == 0 ? 0 : durations[(int)Math.Min(durations.Count - 1, durations.Count * p)];
            using var process = Process.GetCurrentProcess();
            return new Cycle(ids.Count, runs.Sum(r => r.EsiCalls), outcomes, elapsed, Percentile(0.5), Percentile(0.95), process.PeakWorkingSet64 / (1024 * 1024),
                runs.Sum(r => r.Added + r.Updated + r.Removed));
        }
    }
}
