using System.Runtime.CompilerServices;

namespace StandingsManager.Tests.TestSupport;

/// <summary>
/// bUnit's synchronous WaitFor* and Click calls each hold a pool thread while many test classes run in parallel. On a
/// 2-core machine the pool adds threads slowly, so a renderer's dispatcher could wait seconds for one and a wait time out
/// before its check ever ran. Starting the pool with enough threads removes that stall; no assertion changes.
/// </summary>
internal static class ThreadPoolMinimum
{
    private const int Threads = 64;

    [ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Threads), Math.Max(io, Threads));
    }
}
