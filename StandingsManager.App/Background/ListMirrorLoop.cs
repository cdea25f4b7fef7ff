using StandingsManager.Core;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Standings;

namespace StandingsManager.App.Background;

/// <summary>
/// Reads the lists that follow in-game contacts when they are due: every minute, and at once when a list changes (a new
/// list is read straight away). The loop only schedules; <see cref="InGameContactsSource"/> decides what is due and reads it.
/// </summary>
public sealed class ListMirrorLoop(IServiceScopeFactory scopes, StandingsEvents events, TimeProvider time, ILogger<ListMirrorLoop> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var wake = new SemaphoreSlim(0, 1);
        using var subscription = events.Subscribe(change =>
        {
            if (change.Kind == StandingsChangeKind.Lists && wake.CurrentCount == 0)
            {
                try
                {
                    wake.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Already woken.
                }
            }
            return Task.CompletedTask;
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope(); // a fresh typed ESI client per round
                await scope.ServiceProvider.GetRequiredService<InGameContactsSource>().ReadDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A locked database, a bug: logged, never a reason to stop the host. The next tick tries again.
                logger.LogError(ex, "Reading the lists' in-game sources failed");
            }
            using var timeout = new CancellationTokenSource(Tick, time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
            try
            {
                await wake.WaitAsync(either.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The minute passed.
            }
        }
    }
}
