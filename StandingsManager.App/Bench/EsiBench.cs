using System.Diagnostics;
using System.Globalization;
using StandingsManager.App.Demo;
using StandingsManager.Core.Eve.Esi;

namespace StandingsManager.App.Bench;

/// <summary>
/// <c>--bench esi</c>: starts the app in demo mode and measures what the ESI client adds on top of plain
/// HTTP against the in-process simulator: per call, and per 1,000-id affiliation batch.
/// </summary>
public static class EsiBench
{
    private const int Calls = 2_000;
    private const int Batches = 200;
    private const int Warmup = 100;

    public static bool IsRequested(string[] args) =>
        args.Length >= 2 && args[0] == "--bench" && args[1] == "esi";

    public static string[] HostArguments(string[] args) => BenchMode.DemoHost(args);

    public static async Task<int> RunAsync(WebApplication app)
    {
        await app.StartAsync();
        try
        {
            var baseAddress = app.Services.GetRequiredService<Eve.SelfAddress>().BaseUri;
            using var scope = app.Services.CreateScope();
            var esi = scope.ServiceProvider.GetRequiredService<EsiClient>();
            using var raw = new HttpClient { BaseAddress = baseAddress };
            raw.DefaultRequestHeaders.Add("X-Compatibility-Date", "2026-08-18");
            var character = DemoUniverse.Personas[3].Id;
            var ids = DemoUniverse.Crowd.Take(1_000).Select(p => p.Id).ToList();
            var body = "[" + string.Join(',', ids) + "]";

            Console.WriteLine($"ESI client overhead against the in-process simulator ({Environment.ProcessorCount} cores, {(Debugger.IsAttached ? "debugger" : "no debugger")}, {BenchMode.BuildKind})");
            // The raw side reads the body too, so the difference is the client's own work: gate, resilience, parsing.
            var rawCall = await MeasureAsync(Calls, async () => await (await raw.GetAsync($"/characters/{character}")).EnsureSuccessStatusCode().Content.ReadAsStringAsync());
            var clientCall = await MeasureAsync(Calls, () => esi.GetCharacterAsync(character, CancellationToken.None));
            var rawBatch = await MeasureAsync(Batches, async () => await (await raw.PostAsync("/characters/affiliation", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode().Content.ReadAsStringAsync());
            var clientBatch = await MeasureAsync(Batches, () => esi.GetAffiliationsAsync(ids, CancellationToken.None));

            Console.WriteLine();
            Console.WriteLine("| measurement | n | raw HttpClient mean | EsiClient mean | overhead (mean) | EsiClient p50 | EsiClient p95 |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            Print("GET /characters/{id}", Calls, rawCall, clientCall);
            Print("POST /characters/affiliation (1,000 ids)", Batches, rawBatch, clientBatch);
            return 0;
        }
        finally
        {
            await BenchMode.CleanUpAsync(app);
        }
    }

    private static async Task<double[]> MeasureAsync(int count, Func<Task> call)
    {
        for (var i = 0; i < Warmup; i++)
            await call();
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(times);
        return times;
    }

    private static void Print(string name, int n, double[] raw, double[] client) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {n} | {raw.Average():0} µs | {client.Average():0} µs | {client.Average() - raw.Average():0} µs | {client[client.Length / 2]:0} µs | {client[(int)(client.Length * 0.95)]:0} µs |"));
}
