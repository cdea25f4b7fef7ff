using StandingsManager.Core.Operations;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Webhooks;

namespace StandingsManager.App.Background;

/// <summary>
/// Every <see cref="Round"/>, and at once when an entry changes (<see cref="StandingsEvents"/>, from this or another
/// instance), hands the webhooks to <see cref="WebhookRelay"/>; every <see cref="PruneEvery"/> it also prunes the entry
/// change log. The loop only schedules; the relay does the work and is tested alone. Across instances each is claimed
/// first (<see cref="WorkLeases"/>): one relay posts at a time (and each webhook is claimed on its own as well).
/// </summary>
public sealed class WebhookRelayLoop(IServiceScopeFactory scopes, WorkLeases leases, ServiceHeartbeats heartbeats, StandingsEvents events,
    TimeProvider time, ILogger<WebhookRelayLoop> logger) : BackgroundService
{
    /// <summary>
    /// The poll for retries that fall due and changes no event announced: the Discord relay's pace. Changes themselves
    /// wake the loop, so a shorter poll would only query the database more often (and wake every instance for nothing).
    /// </summary>
    public static readonly TimeSpan Round = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    public const string LeaseName = "webhook-relay";
    public const string PruneLeaseName = "entry-change-prune";

    // At most one wake-up pending: a change during a round makes exactly one more round.
    private readonly SemaphoreSlim _wake = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        heartbeats.Register(nameof(WebhookRelayLoop), Round);
        using var subscription = events.Subscribe(change =>
        {
            if (change.Kind == StandingsChangeKind.Entries && _wake.CurrentCount == 0)
            {
                try
                {
                    _wake.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Another change woke it meanwhile.
                }
            }
            return Task.CompletedTask;
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            await RoundAsync(stoppingToken);
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var next = await Task.WhenAny(Task.Delay(Round, time, waiting.Token), _wake.WaitAsync(waiting.Token));
            await waiting.CancelAsync(); // the other wait goes; a wake-up it took is this round's
            if (next.IsCanceled && stoppingToken.IsCancellationRequested)
                return;
        }
    }

    private async Task RoundAsync(CancellationToken stoppingToken)
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
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            heartbeats.Beat(nameof(WebhookRelayLoop));
            logger.LogError(ex, "Posting webhook events failed");
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
