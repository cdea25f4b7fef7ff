using System.Diagnostics;
using static StandingsManager.Tests.Sync.SchedulerRig;

namespace StandingsManager.Tests.Sync;

/// <summary>A wall-clock measurement, so explicit: run it with <c>--filter-class '*SyncSchedulerThroughput*'</c> and explicit tests on.</summary>
public sealed class SyncSchedulerThroughputTests(ITestOutputHelper output)
{
    [Fact(Explicit = true)]
    public async Task Keeps_every_worker_busy_through_a_large_due_backlog()
    {
        const int characters = 2000, workers = 8;
        var syncTakes = TimeSpan.FromMilliseconds(200);
        await using var rig = await SchedulerRig.CreateAsync(maxParallel: workers);
        rig.Clock = TimeProvider.System;
        var ids = Enumerable.Range(1, characters).Select(i => (long)i).ToArray();
        await rig.SeedAsync([.. ids.Select(id => Due(id))]);
        rig.Engine.Body = (_, ct) => Task.Delay(syncTakes, ct);
        var instance = rig.AddInstance();

        var watch = Stopwatch.StartNew();
        await instance.StartAsync();
        await EventuallyAsync(() => rig.Engine.Entered.Count == characters && rig.Engine.Running == 0, "the backlog drained", TimeSpan.FromMinutes(5));
        watch.Stop();

        var ideal = syncTakes * characters / workers;
        var efficiency = ideal / watch.Elapsed;
        output.WriteLine($"{characters} syncs of {syncTakes.TotalMilliseconds} ms on {workers} workers: {watch.Elapsed.TotalSeconds:F1} s, ideal {ideal.TotalSeconds:F1} s, {efficiency:P1}");
        Assert.True(efficiency >= 0.9, $"throughput {efficiency:P1} of ideal");
    }
}
