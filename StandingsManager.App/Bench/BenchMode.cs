namespace StandingsManager.App.Bench;

/// <summary><c>--bench esi</c>, <c>--bench sync</c>, <c>--bench wars</c> or <c>--bench scale</c>: the host settings a bench needs, its service changes, and the bench itself.</summary>
public sealed record BenchMode(Func<string[], string[]> HostArguments, Func<WebApplication, Task<int>> RunAsync, Action<IServiceCollection>? Services = null)
{
    public static BenchMode? From(string[] args) =>
        EsiBench.IsRequested(args) ? new BenchMode(EsiBench.HostArguments, EsiBench.RunAsync)
        : SyncBench.IsRequested(args) ? new BenchMode(SyncBench.HostArguments, SyncBench.RunAsync)
        : WarsBench.IsRequested(args) ? new BenchMode(WarsBench.HostArguments, WarsBench.RunAsync, WarsBench.Services)
        : ScaleBench.IsRequested(args) ? new BenchMode(ScaleBench.HostArguments, ScaleBench.RunAsync, ScaleBench.Services)
        : null;

    /// <summary>Demo mode on a free loopback port with a throw-away database, whatever the settings file says, plus the bench's own settings.</summary>
    public static string[] DemoHost(string[] args, params string[] settings) =>
    [
        .. args.Skip(2),
        "--urls", "http://127.0.0.1:0",
        "--Eve:ClientId", "",
        "--Demo:Enabled", "true",
        "--Data:Directory", Path.Combine(Path.GetTempPath(), "standings-bench", Guid.NewGuid().ToString("N")),
        "--Logging:LogLevel:Default", "Warning",
        "--Logging:LogLevel:System.Net.Http", "Warning",
        .. settings,
    ];

    /// <summary>Printed in each bench's heading: figures from a Debug build are not the ones to quote.</summary>
    public static string BuildKind =>
#if DEBUG
        "Debug build: use -c Release for real figures";
#else
        "Release build";
#endif

    /// <summary>Stops the app and deletes its throw-away data folder.</summary>
    public static async Task CleanUpAsync(WebApplication app)
    {
        await app.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var dataDirectory = app.Configuration["Data:Directory"];
        if (dataDirectory is not null && Directory.Exists(dataDirectory))
            Directory.Delete(dataDirectory, recursive: true);
    }
}
