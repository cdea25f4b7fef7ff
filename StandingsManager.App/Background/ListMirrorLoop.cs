using StandingsManager.Core;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Operations;
using StandingsManager.Core.Standings;

namespace StandingsManager.App.Background;

/// <summary>
/// Reads the lists that follow in-game contacts when they are due: every minute, and at once when a list changes (a new
/// list is read straight away). The loop only schedules; <see cref="InGameContactsSource"/> decides what is due and reads it.
/// </summary>
public sealed class ListMirrorLoop(IServiceScopeFactory scopes, WorkLeases leases, StandingsEvents events, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<ListMirrorLoop> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    /// <summary>The mirror's lease (<see cref="WorkLeases"/>): one round at a time across instances.</summary>
    public const string LeaseName = "list-mirror";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listChanged = new ListChangeSignal(events);
        // The simulated EVE answers only once the server listens.
        if (!await lifetime.StartedAsync(stoppingToken))
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // One instance reads at a time; the lists' read times in the database say what is still due, so a list
                // another instance has just read is not read again. Free again at once for the next round, anywhere.
                await leases.RunAsync(LeaseName, null, async ct =>
                {
                    await using var scope = scopes.CreateAsyncScope(); // a fresh typed ESI client per round
                    await scope.ServiceProvider.GetRequiredService<InGameContactsSource>().ReadDueAsync(ct);
                }, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A locked database, a bug: logged, never a reason to stop the host. The next tick tries again.
                logger.LogError(ex, "Reading the lists' in-game sources failed");
            }
            await listChanged.WaitAsync(Tick, time, stoppingToken);
        }
    }
}
