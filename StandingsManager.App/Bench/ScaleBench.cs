using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using StandingsManager.App.Background;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.App.Persistence;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Sync;

namespace StandingsManager.App.Bench;

/// <summary>
/// <c>--bench scale --postgres "&lt;connection string&gt;"</c>: contact sync on PostgreSQL by one instance, then by two
/// (separate processes on one database). This process makes a new database on that server, seeds it (10,000 crowd pilots
/// in sync, converged on 1,000 entries, ledger included) and plays EVE: its simulated SSO and ESI, with 100 ms per ESI
/// answer, serve the instances, which are copies of this program in production mode (a client id, EVE at this process).
/// It runs no sync of its own. Each measured cycle makes every character due and waits until all are synced.
/// </summary>
public static class ScaleBench
{
    private const int DefaultCharacters = 10_000;
    private const int Entries = 1_000;
    private const int LatencyMs = 100;
    private const int WorkersPerInstance = 8;
    private const string PostgresArgument = "--postgres";
    private const string CharactersArgument = "--characters";
    private static readonly double[] Standings = [-10, -5, 5, 10];

    public static bool IsRequested(string[] args) =>
        args.Length >= 2 && args[0] == "--bench" && args[1] == "scale";

    /// <summary>Demo mode (the simulated EVE) on a new database of the given PostgreSQL server; the crowd corporation is the home organisation.</summary>
    public static string[] HostArguments(string[] args)
    {
        var server = Argument(args, PostgresArgument)
            ?? throw new StartupException($"--bench scale needs {PostgresArgument} \"<connection string>\": a PostgreSQL server (and a database on it to connect to, e.g. postgres) where it may create and drop a database of its own.");
        var database = new NpgsqlConnectionStringBuilder(server) { Database = $"standings_scale_{Guid.NewGuid():N}"[..40] }.ConnectionString;
        Execute(server, $"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(database).Database}\"");
        return BenchMode.DemoHost(args,
            "--Database:Provider", "PostgreSQL",
            "--ConnectionStrings:Standings", database,
            "--" + DemoSeeder.SeedSyncSetting, "false",
            "--" + DemoSeeder.SeedSystemRevocationSetting, "false",
            "--Standings:Organization:CorporationIds:0", DemoUniverse.CrowdCorporationId.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>This process only plays EVE and measures: the instances do the work, each once across them.</summary>
    public static void Services(IServiceCollection services)
    {
        Type[] instanceWork = [typeof(SyncScheduler), typeof(ValidatorLoop), typeof(ListMirrorLoop), typeof(DiscordRelayLoop), typeof(WebhookRelayLoop), typeof(WarScanWorker)];
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(IHostedService) && instanceWork.Contains(d.ImplementationType)).ToList())
            services.Remove(descriptor);
    }

    public static async Task<int> RunAsync(WebApplication app)
    {
        var args = Environment.GetCommandLineArgs();
        var characters = Argument(args, CharactersArgument) is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : DefaultCharacters;
        var database = app.Configuration["ConnectionStrings:Standings"]!;
        await app.StartAsync();
        try
        {
            var eve = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Console.WriteLine(Invariant($"Contact sync on PostgreSQL, one instance then two ({Environment.ProcessorCount} cores, {BenchMode.BuildKind})"));
            Console.WriteLine(Invariant($"{characters:N0} synced characters × {Entries:N0} entries, converged; {LatencyMs} ms per ESI answer; {WorkersPerInstance} parallel syncs per instance"));

            var seeding = new BenchSeeding(app.Services);
            var clock = Stopwatch.StartNew();
            await seeding.OnlyFirstListAsync();
            await seeding.AddEntriesAsync(DemoUniverse.Crowd.Take(Entries).Select((p, i) => (p.Id, p.Name, Standings[i % Standings.Length])));
            var ids = DemoUniverse.Crowd.Skip(Entries).Take(characters).Select(p => p.Id).ToList();
            if (ids.Count < characters)
                throw new InvalidOperationException($"The simulated EVE has {ids.Count} crowd pilots to enrol; {characters} were asked for.");
            await seeding.EnrolConvergedAsync(ids);
            // Seeded by this demo host, run by production instances: the database counts as theirs, or they refuse it.
            await using (var db = await app.Services.GetRequiredService<IDbContextFactory<StandingsDbContext>>().CreateDbContextAsync())
                await db.Installation.ExecuteUpdateAsync(u => u.SetProperty(i => i.IsDemo, false));
            Console.WriteLine(Invariant($"seeded in {clock.Elapsed.TotalSeconds:0} s"));
            Console.WriteLine();

            var bench = new Runner(app.Services, eve, database);
            var one = await bench.MeasureAsync(1, ids);
            var two = await bench.MeasureAsync(2, ids);
            var size = await bench.DatabaseSizeMbAsync();

            Console.WriteLine("| measurement | instances | characters | ESI calls | minimum | ratio | outcomes | wall time | characters/s | sync p50 | sync p95 | peak working set per instance |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var (name, cycle) in new[] { ("warm-up (0 ms latency, not measured)", one.Warm), ("one instance", one.Measured), ("warm-up (0 ms latency, not measured)", two.Warm), ("two instances", two.Measured) })
            {
                Console.WriteLine(Invariant(
                    $"| {name} | {cycle.Instances} | {cycle.Characters:N0} | {cycle.Calls:N0} | {cycle.Minimum:N0} | {cycle.Ratio:0.00} | {cycle.Outcomes} | {cycle.Elapsed.TotalSeconds:0.0} s | {cycle.Rate:0.0} | {cycle.P50Ms} ms | {cycle.P95Ms} ms | {string.Join(" / ", cycle.PeakMb.Select(m => $"{m} MB"))} |"));
            }
            var peak = one.Measured.PeakMb.Concat(two.Measured.PeakMb).Max();
            var callsRatio = (one.Measured.Calls + two.Measured.Calls) / (double)(one.Measured.Minimum + two.Measured.Minimum);
            Console.WriteLine();
            Console.WriteLine(Invariant($"database size: {size} MB; this process (the simulated EVE and the bench) peaked at {PeakMb(Process.GetCurrentProcess())} MB"));
            Console.WriteLine(Invariant(
                $"scale-bench: one_instance_chars_per_s={one.Measured.Rate:0.0} two_instances_chars_per_s={two.Measured.Rate:0.0} scaling_ratio={two.Measured.Rate / one.Measured.Rate:0.00} peak_mb_per_instance={peak} calls_ratio={callsRatio:0.00}"));
            return 0;
        }
        finally
        {
            await BenchMode.CleanUpAsync(app);
            NpgsqlConnection.ClearAllPools();
            Execute(database, $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(database).Database}\" WITH (FORCE)", onServer: true);
        }
    }

    private static string? Argument(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>Runs administrative SQL on the server's named database, or (<paramref name="onServer"/>) on its postgres database.</summary>
    private static void Execute(string connectionString, string sql, bool onServer = false)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        if (onServer)
            target.Database = "postgres";
        using var connection = new NpgsqlConnection(target.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        command.ExecuteNonQuery();
    }

    private static long PeakMb(Process process)
    {
        process.Refresh();
        return process.PeakWorkingSet64 / (1024 * 1024);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private sealed record Cycle(int Instances, int Characters, int Calls, int Minimum, string Outcomes, TimeSpan Elapsed, int P50Ms, int P95Ms, IReadOnlyList<long> PeakMb)
    {
        public double Ratio => Calls / (double)Minimum;

        public double Rate => Characters / Elapsed.TotalSeconds;
    }

    private sealed record Phase(Cycle Warm, Cycle Measured);

    private sealed class Runner(IServiceProvider services, string eve, string database)
    {
        private readonly IDbContextFactory<StandingsDbContext> _db = services.GetRequiredService<IDbContextFactory<StandingsDbContext>>();
        private readonly SyncDueSoon _dueSoon = services.GetRequiredService<SyncDueSoon>();
        private readonly DemoEsiOptions _esi = services.GetRequiredService<IOptions<DemoEsiOptions>>().Value;
        private readonly TimeProvider _time = services.GetRequiredService<TimeProvider>();

        /// <summary>
        /// Starts <paramref name="count"/> instances, lets them sync every character once with no latency (tokens
        /// refreshed, ETags settled: not measured), then once more with the latency, measured; then stops them.
        /// </summary>
        public async Task<Phase> MeasureAsync(int count, List<long> ids)
        {
            var instances = new List<Instance>();
            try
            {
                for (var i = 0; i < count; i++)
                    instances.Add(await Instance.StartAsync(eve, database));
                _esi.LatencyMs = 0;
                var warm = await CycleAsync(instances, ids);
                _esi.LatencyMs = LatencyMs;
                var measured = await CycleAsync(instances, ids);
                _esi.LatencyMs = 0;
                return new Phase(warm, measured);
            }
            finally
            {
                foreach (var instance in instances)
                    instance.Dispose();
                // Killed, so their leases and heartbeats stay behind: the next phase starts from free rows, not a minute's wait.
                await using var db = await _db.CreateDbContextAsync();
                await db.SyncedCharacters.Where(s => s.LeaseOwner != null).ExecuteUpdateAsync(u => u.SetProperty(s => s.LeaseOwner, (string?)null).SetProperty(s => s.LeaseUntil, (DateTimeOffset?)null));
                await db.SyncInstances.ExecuteDeleteAsync();
            }
        }

        /// <summary>Makes every character due now and waits until the instances have synced each once.</summary>
        private async Task<Cycle> CycleAsync(List<Instance> instances, List<long> ids)
        {
            var since = _time.GetUtcNow();
            await _dueSoon.MakeDueNowAsync(ids);
            var mine = ids.ToHashSet();
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                if (instances.FirstOrDefault(i => i.Process.HasExited) is { } dead)
                    throw new InvalidOperationException($"An instance exited with {dead.Process.ExitCode} during the bench. Its output:\n{dead.Output}");
                await using var db = await _db.CreateDbContextAsync();
                if (await db.SyncRuns.CountAsync(r => r.StartedAt >= since && !r.DryRun && r.FinishedAt != null) >= ids.Count)
                    break;
            }

            await using var read = await _db.CreateDbContextAsync();
            var runs = (await read.SyncRuns.AsNoTracking().Where(r => r.StartedAt >= since && !r.DryRun).ToListAsync()).Where(r => mine.Contains(r.CharacterId)).ToList();
            var outcomes = string.Join(", ", runs.GroupBy(r => r.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count():N0} {g.Key}"));
            var durations = runs.Select(r => r.DurationMs).Order().ToList();
            int Percentile(double p) => durations.Count == 0 ? 0 : durations[(int)Math.Min(durations.Count - 1, durations.Count * p)];
            // From the first sync's start to the last one's end, by the instances' own clocks: not the polling here.
            var elapsed = runs.Max(r => r.FinishedAt!.Value) - runs.Min(r => r.StartedAt);
            // Converged: the minimum is the two reads per character (labels and contacts), each answering 304.
            return new Cycle(instances.Count, runs.Count, runs.Sum(r => r.EsiCalls), 2 * runs.Count, outcomes, elapsed, Percentile(0.5), Percentile(0.95),
                [.. instances.Select(i => PeakMb(i.Process))]);
        }

        public async Task<long> DatabaseSizeMbAsync()
        {
            await using var db = await _db.CreateDbContextAsync();
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
            return (long)(await command.ExecuteScalarAsync())! / (1024 * 1024);
        }
    }

    /// <summary>A copy of this program as a production instance: EVE is the bench's simulator, the database the bench's.</summary>
    private sealed class Instance : IDisposable
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

        private Instance(Process process) => Process = process;

        public Process Process { get; }

        public string Output => string.Join('\n', _output.TakeLast(60));

        public static async Task<Instance> StartAsync(string eve, string database)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            // The apphost, or `dotnet StandingsManager.App.dll` when started that way.
            var program = Environment.ProcessPath!;
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
            if (Path.GetFileNameWithoutExtension(program) == "dotnet")
                start.ArgumentList.Add(typeof(ScaleBench).Assembly.Location);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment.Remove("DOTNET_ENVIRONMENT");
            string[] settings =
            [
                "--urls", $"http://127.0.0.1:{port}",
                "--Data:Directory", Path.Combine(Path.GetTempPath(), "standings-bench", Guid.NewGuid().ToString("N")),
                "--Database:Provider", "PostgreSQL",
                "--ConnectionStrings:Standings", database,
                "--Eve:ClientId", DemoEve.ClientId,
                "--Eve:ClientSecret", DemoEve.ClientSecret,
                "--Eve:SsoBaseUrl", eve,
                "--Eve:EsiBaseUrl", eve,
                "--Eve:UserAgentContact", "bench@example.org",
                "--Esi:DowntimeStart", "00:00:00",
                "--Esi:DowntimeEnd", "00:00:00",
                "--Standings:Organization:CorporationIds:0", DemoUniverse.CrowdCorporationId.ToString(CultureInfo.InvariantCulture),
                "--Standings:Administrators:0", DemoUniverse.Personas[0].Id.ToString(CultureInfo.InvariantCulture),
                "--Standings:MaxParallelSyncs", WorkersPerInstance.ToString(CultureInfo.InvariantCulture),
                // Nothing comes due again by itself while the bench runs: each cycle is made due on purpose.
                "--Standings:SyncIntervalMinutes", "1440",
                "--Standings:SyncTimeoutMinutes", "2880",
                "--Logging:LogLevel:Default", "Warning",
            ];
            foreach (var setting in settings)
                start.ArgumentList.Add(setting);
            var instance = new Instance(new Process { StartInfo = start });
            instance.Process.OutputDataReceived += (_, e) => { if (e.Data is not null) instance._output.Enqueue(e.Data); };
            instance.Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) instance._output.Enqueue(e.Data); };
            instance.Process.Start();
            instance.Process.BeginOutputReadLine();
            instance.Process.BeginErrorReadLine();

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var safety = Stopwatch.StartNew();
            while (true)
            {
                if (instance.Process.HasExited)
                    throw new InvalidOperationException($"An instance exited with {instance.Process.ExitCode} on start. Its output:\n{instance.Output}");
                if (safety.Elapsed > TimeSpan.FromMinutes(3))
                    throw new InvalidOperationException($"An instance did not answer /healthz within 3 minutes. Its output:\n{instance.Output}");
                try
                {
                    using var response = await client.GetAsync("/healthz");
                    if (response.StatusCode == HttpStatusCode.OK)
                        return instance;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(200);
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
                Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
            Process.Dispose();
        }
    }
}
