using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StandingsManager.App.Demo;
using StandingsManager.Core;
using StandingsManager.Core.Persistence;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.MultiInstance;

/// <summary>
/// Three processes of the published app: S, the simulated EVE (a demo instance whose SSO and ESI answer with
/// <c>DemoEsi:LatencyMs</c> of delay and no read cache), and A and B, two production instances (a client id, EVE at S)
/// on one new, empty PostgreSQL database (always PostgreSQL: several instances need it), each on its own HTTPS port
/// (Kestrel with a self-signed certificate), with one settings set for both as docs/deploy.md asks, and their Discord
/// webhook at a receiver here. A and B start at once, so they also meet the shared start-up.
/// </summary>
public sealed class InstanceCluster : IAsyncDisposable
{
    /// <summary>Administrator by the settings, so the approver needs no role granted first.</summary>
    public const long Administrator = DemoPersonas.Administrator;

    private readonly string _folder = Directory.CreateDirectory(StandingsAppFactory.NewDataDirectory()).FullName;
    private readonly List<AppProcess> _processes = [];
    private string? _database;

    private InstanceCluster()
    {
    }

    public Uri Eve { get; private set; } = null!;
    public Uri AddressA { get; private set; } = null!;
    public Uri AddressB { get; private set; } = null!;
    public AppProcess A { get; private set; } = null!;
    public AppProcess B { get; private set; } = null!;
    public AppProcess S { get; private set; } = null!;
    public DiscordReceiver Discord { get; private set; } = null!;
    public string Database => _database!;

    public static async Task<InstanceCluster> StartAsync(int esiLatencyMs)
    {
        var cluster = new InstanceCluster();
        try
        {
            await cluster.StartProcessesAsync(esiLatencyMs);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartProcessesAsync(int esiLatencyMs)
    {
        Discord = await DiscordReceiver.StartAsync();
        _database = await TestDatabases.NewPostgreSqlAsync(migrated: false);

        // S runs in Development: its SSO pages are for browsers, and it has no certificate to serve them over HTTPS with.
        var evePort = FreePort.Next();
        Eve = new Uri($"http://127.0.0.1:{evePort}");
        S = Track(await PublishedApp.StartAsync("S", "Development",
        [
            "--urls", Eve.ToString(),
            "--Data:Directory", Path.Combine(_folder, "s"),
            "--Demo:Enabled", "true",
            "--Demo:SeedSyncedCharacters", "false",
            "--Demo:SeedWarTargets", "false",
            "--DemoEsi:ReadCacheSeconds", "0",
            "--DemoEsi:LatencyMs", esiLatencyMs.ToString(CultureInfo.InvariantCulture),
        ]));

        var (certificate, key) = SelfSignedCertificate.WritePem(_folder);
        string eve = Eve.ToString().TrimEnd('/');
        string[] shared =
        [
            "--Database:Provider", "PostgreSQL",
            "--ConnectionStrings:Standings", _database,
            "--Eve:ClientId", DemoEve.ClientId,
            "--Eve:ClientSecret", DemoEve.ClientSecret,
            "--Eve:SsoBaseUrl", eve,
            "--Eve:EsiBaseUrl", eve,
            "--Eve:UserAgentContact", "tests@example.org",
            // S keeps no daily downtime (see OtherEveServerTests).
            "--Esi:DowntimeStart", "00:00:00",
            "--Esi:DowntimeEnd", "00:00:00",
            "--Standings:Organization:AllianceIds:0", DemoUniverse.HomeAllianceId.ToString(CultureInfo.InvariantCulture),
            "--Standings:Administrators:0", Administrator.ToString(CultureInfo.InvariantCulture),
            "--Notifications:DiscordWebhookUrl", Discord.WebhookUrl.ToString(),
            "--Kestrel:Endpoints:Https:Certificate:Path", certificate,
            "--Kestrel:Endpoints:Https:Certificate:KeyPath", key,
        ];
        int portA = FreePort.Next(), portB = FreePort.Next();
        AddressA = new Uri($"https://127.0.0.1:{portA}");
        AddressB = new Uri($"https://127.0.0.1:{portB}");
        A = Track(await PublishedApp.StartAsync("A", "Production", [.. shared, "--Kestrel:Endpoints:Https:Url", AddressA.ToString(), "--Data:Directory", Path.Combine(_folder, "a")]));
        B = Track(await PublishedApp.StartAsync("B", "Production", [.. shared, "--Kestrel:Endpoints:Https:Url", AddressB.ToString(), "--Data:Directory", Path.Combine(_folder, "b")]));
        await Task.WhenAll(S.WaitUntilAnswersAsync(Eve), A.WaitUntilAnswersAsync(AddressA), B.WaitUntilAnswersAsync(AddressB));
    }

    private AppProcess Track(AppProcess process)
    {
        _processes.Add(process);
        return process;
    }

    /// <summary>A look at the shared database, as an operator's query would.</summary>
    public async Task<T> WithDbAsync<T>(Func<StandingsDbContext, Task<T>> read)
    {
        await using var db = NewDb();
        return await read(db);
    }

    /// <summary>A context on the shared database, for a watch that polls often.</summary>
    public StandingsDbContext NewDb() => new(TestDatabases.Options(DatabaseProvider.PostgreSQL, Database).Options);

    /// <summary>Polls <paramref name="condition"/> until it holds; a safety net for a slow machine, never a timing claim.</summary>
    public async Task WaitUntilAsync(string what, Func<Task<bool>> condition, TimeSpan? deadline = null)
    {
        var safety = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (safety.Elapsed > (deadline ?? TimeSpan.FromMinutes(3)))
                Assert.Fail($"Safety net: {what} did not happen within {(deadline ?? TimeSpan.FromMinutes(3)).TotalMinutes} minutes.\n{Outputs()}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The last lines of each process's console, for a failure message.</summary>
    public string Outputs() => string.Join("\n", _processes.Select(p => $"--- {p.Name} ---\n{string.Join('\n', p.Output.TakeLast(40))}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
            await process.DisposeAsync();
        if (Discord is not null)
            await Discord.DisposeAsync();
        if (_database is not null)
            await TestDatabases.DropPostgreSqlAsync(_database);
        StandingsAppFactory.DeleteDataDirectory(_folder);
    }
}
