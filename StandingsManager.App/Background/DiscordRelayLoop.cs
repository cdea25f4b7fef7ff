using StandingsManager.Core.Notifications;
using StandingsManager.Core.Operations;

namespace StandingsManager.App.Background;

/// <summary>
/// Every <see cref="Round"/> hands the outbox to <see cref="DiscordRelay"/>; every <see cref="FailureScan"/> it also looks
/// for long sync failures and prunes old alerts. The loop only schedules; the relay does the work and is tested alone.
/// Across instances on one database each is claimed first (<see cref="WorkLeases"/>): one relay posts at a time, and
/// the failure scan runs once per <see cref="FailureScan"/>.
/// </summary>
public sealed class DiscordRelayLoop(IServiceScopeFactory scopes, WorkLeases leases, ServiceHeartbeats heartbeats, TimeProvider time, ILogger<DiscordRelayLoop> logger)
    : BackgroundService
{
    public static readonly TimeSpan Round = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan FailureScan = TimeSpan.FromMinutes(5);

    /// <summary>The relay's lease: one instance posts at a time (each alert is claimed on its own as well, see <see cref="DiscordRelay"/>).</summary>
    public const string LeaseName = "discord-relay";

    /// <summary>The sync-failure scan's lease: once per <see cref="FailureScan"/> across instances.</summary>
    public const string FailureScanLeaseName = "sync-failure-alerts";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        heartbeats.Register(nameof(DiscordRelayLoop), Round);
        using var timer = new PeriodicTimer(Round, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var relay = scope.ServiceProvider.GetRequiredService<DiscordRelay>();
                var scanned = await leases.RunAsync(FailureScanLeaseName, FailureScan, async ct =>
                {
                    await relay.QueueLongSyncFailuresAsync(ct);
                    await relay.PruneAsync(ct);
                }, stoppingToken);
                // Free again at once: the next round, here or on another instance, posts what is due by then.
                var posted = await leases.RunAsync(LeaseName, null, relay.DeliverDueAsync, stoppingToken);
                if (posted.Claimed || scanned.Claimed)
                    heartbeats.Beat(nameof(DiscordRelayLoop));
                else
                    heartbeats.Standby(nameof(DiscordRelayLoop));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A locked database or a bug: logged, and the next round tries again; the host keeps running.
                heartbeats.Beat(nameof(DiscordRelayLoop));
                logger.LogError(ex, "Posting alerts to Discord failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
