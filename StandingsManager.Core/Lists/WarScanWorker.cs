using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StandingsManager.Core.Eve.Esi;

namespace StandingsManager.Core.Lists;

/// <summary>Runs the war scan step after step, sleeping until each next step is due. The scan decides everything; this only loops.</summary>
public sealed class WarScanWorker(WarScan scan, IServiceScopeFactory scopes, StandingsManager.Core.Standings.StandingsEvents events, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<WarScanWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A new or edited war-target list is scanned for at once, not after the idle minute.
        using var listChanged = new ListChangeSignal(events);
        if (!await lifetime.StartedAsync(stoppingToken))
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset next;
            try
            {
                await using var scope = scopes.CreateAsyncScope(); // a fresh typed ESI client per step
                next = (await scan.StepAsync(scope.ServiceProvider.GetRequiredService<EsiClient>(), stoppingToken)).NextAt;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A locked database or a bug: logged, never a reason to stop the host.
                logger.LogError(ex, "War scan step failed");
                next = time.GetUtcNow() + WarScan.RetryAfterFailure;
            }
            await listChanged.WaitAsync(next - time.GetUtcNow(), time, stoppingToken);
        }
    }
}
