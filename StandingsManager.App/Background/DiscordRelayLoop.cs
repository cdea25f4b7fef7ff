using StandingsManager.Core.Notifications;
using StandingsManager.Core.Operations;

namespace StandingsManager.App.Background;

/// <summary>
/// Every <see cref="Round"/> hands the outbox to <see cref="DiscordRelay"/>; every <see cref="FailureScan"/> it also looks
/// for long sync failures and prunes old alerts. The loop only schedules; the relay does the work and is tested alone.
/// </summary>
public sealed class DiscordRelayLoop(IServiceScopeFactory scopes, ServiceHeartbeats heartbeats, TimeProvider time, ILogger<DiscordRelayLoop> logger)
    : BackgroundService
{
    public static readonly TimeSpan Round = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan FailureScan = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        heartbeats.Register(nameof(DiscordRelayLoop), Round);
        var nextScan = time.GetUtcNow();
        using var timer = new PeriodicTimer(Round, time);
        do
        {
            heartbeats.Beat(nameof(DiscordRelayLoop));
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var relay = scope.ServiceProvider.GetRequiredService<DiscordRelay>();
                if (time.GetUtcNow() >= nextScan)
                {
                    nextScan = time.GetUtcNow() + FailureScan;
                    await relay.QueueLongSyncFailuresAsync(stoppingToken);
                    await relay.PruneAsync(stoppingToken);
                }
                await relay.DeliverDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A locked database or a bug: logged, and the next round tries again; the host keeps running.
                logger.LogError(ex, "Posting alerts to Discord failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
