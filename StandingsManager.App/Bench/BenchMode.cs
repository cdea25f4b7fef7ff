namespace StandingsManager.App.Bench;

/// <summary><c>--bench esi</c> or <c>--bench sync</c>: the host settings a bench needs, and the bench itself.</summary>
public sealed record BenchMode(Func<string[], string[]> HostArguments, Func<WebApplication, Task<int>> RunAsync)
{
    public static BenchMode? From(string[] args) =>
        EsiBench.IsRequested(args) ? new BenchMode(EsiBench.HostArguments, EsiBench.RunAsync)
        : SyncBench.IsRequested(args) ? new BenchMode(SyncBench.HostArguments, SyncBench.RunAsync)
        : null;
}
