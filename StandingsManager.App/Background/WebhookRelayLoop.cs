using StandingsManager.Core.Operations;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Webhooks;

namespace StandingsManager.App.Background;

/// <summary>
/// Every <see cref="Round"/> hands the webhooks to <see cref="WebhookRelay"/>; every <see cref="PruneEvery"/> it also prunes
/// the entry change log. The loop only schedules; the relay does the work and is tested alone. Across instances each is
/// claimed first (<see cref="WorkLeases"/>): one relay posts at a time (and each webhook is claimed on its own as well).
/// </summary>
public sealed class WebhookRelayLoop(IServiceScopeFactory scopes, WorkLeases leases, ServiceHeartbeats heartbeats, TimeProvider time, ILogger<WebhookRelayLoop> logger)
    : BackgroundService
{
    public static readonly TimeSpan Round = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    public const string LeaseName = "webhook-relay";
    public const string PruneLeaseName = "entry-change-prune";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        heartbeats.Register(nameof(WebhookRelayLoop), Round);
        using var timer = new PeriodicTimer(Round, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var relay = scope.ServiceProvider.GetRequiredService<WebhookRelay>();
                var log = scope.ServiceProvider.GetRequiredService<EntryChangeLog>();
                var pruned = await leases.RunAsync(PruneLeaseName, PruneEvery, async ct => await log.PruneAsync(ct), stoppingToken);
                var posted = await leases.RunAsync(LeaseName, null, async ct => await relay.DeliverDueAsync(ct), stoppingToken);
                if (posted.Claimed || pruned.Claimed)
                    heartbeats.Beat(nameof(WebhookRelayLoop));
                else
                    heartbeats.Standby(nameof(WebhookRelayLoop));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                heartbeats.Beat(nameof(WebhookRelayLoop));
                logger.LogError(ex, "Posting webhook events failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
