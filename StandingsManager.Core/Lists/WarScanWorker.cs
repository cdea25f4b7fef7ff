using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Operations;

namespace StandingsManager.Core.Lists;

/// <summary>
/// Runs the war scan step after step, sleeping until each next step is due. The scan decides everything; this only loops.
/// Across instances on one database one of them holds the scan (<see cref="WorkLeases"/>) for as long as it runs, so one
/// pacer spends the killmail bucket; the others ask again every <see cref="WorkLeases.Recheck"/> and take over when it ends.
/// </summary>
public sealed class WarScanWorker(WarScan scan, WorkLeases leases, IServiceScopeFactory scopes, StandingsManager.Core.Standings.StandingsEvents events, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<WarScanWorker> logger) : BackgroundService
{
    /// <summary>The scan's lease row.</summary>
    public const string LeaseName = "war-scan";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A new or edited war-target list is scanned for at once, not after the idle minute.
        using var listChanged = new ListChangeSignal(events);
        if (!await lifetime.StartedAsync(stoppingToken))
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Returns only when the lease is lost (or never won): another instance scans meanwhile.
                await leases.RunAsync(LeaseName, null, ct => ScanAsync(listChanged, ct), stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database did not answer the claim: asked again after the recheck.
                logger.LogError(ex, "Could not claim the war scan");
            }
            await listChanged.WaitAsync(WorkLeases.Recheck, time, stoppingToken);
        }
    }

    private async Task ScanAsync(ListChangeSignal listChanged, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            DateTimeOffset next;
            try
            {
                await using var scope = scopes.CreateAsyncScope(); // a fresh typed ESI client per step
                next = (await scan.StepAsync(scope.ServiceProvider.GetRequiredService<EsiClient>(), ct)).NextAt;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // A locked database or a bug: logged, never a reason to stop the host.
                logger.LogError(ex, "War scan step failed");
                next = time.GetUtcNow() + WarScan.RetryAfterFailure;
            }
            await listChanged.WaitAsync(next - time.GetUtcNow(), time, ct);
        }
    }
}
