using Microsoft.Extensions.Options;
using StandingsManager.Core;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Operations;

namespace StandingsManager.App.Background;

/// <summary>
/// Re-reads every known character's corporation and alliance (and the names they point to) every
/// <c>Standings:AutoValidateIntervalMinutes</c>, so states follow people who change corporation.
/// The loop only schedules; <see cref="EveDirectory"/> does the work and is tested on its own.
/// </summary>
public sealed class AffiliationRefresher(
    IServiceScopeFactory scopes,
    IOptions<StandingsOptions> options,
    TimeProvider time,
    ServiceHeartbeats heartbeats,
    ILogger<AffiliationRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(options.Value.AutoValidateIntervalMinutes);
        heartbeats.Register(nameof(AffiliationRefresher), interval);
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            heartbeats.Beat(nameof(AffiliationRefresher));
            try
            {
                await using var scope = scopes.CreateAsyncScope(); // a fresh typed ESI client per run
                var calls = await scope.ServiceProvider.GetRequiredService<EveDirectory>().RefreshCharactersAsync(null, stoppingToken);
                if (logger.IsEnabled(LogLevel.Information))
                    logger.LogInformation("Refreshed affiliations and names with {Calls} ESI calls", calls);
            }
            catch (EsiException ex)
            {
                // EVE had a bad moment; the next tick tries again.
                logger.LogWarning("Affiliation refresh failed: {Reason}", ex.Message);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Anything else (a locked database, a race on a name) is a bug to log, never a reason to stop the host.
                logger.LogError(ex, "Affiliation refresh failed");
            }
        }
    }
}
