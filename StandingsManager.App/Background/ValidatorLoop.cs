using Microsoft.Extensions.Options;
using StandingsManager.Core;
using StandingsManager.Core.Operations;
using StandingsManager.Core.Validation;

namespace StandingsManager.App.Background;

/// <summary>
/// Runs the validator every <c>Standings:AutoValidateIntervalMinutes</c>: fresh affiliations, stopped syncs of people who
/// lost access, system revocations filed, applied or withdrawn. The loop only schedules; <see cref="StandingsValidator"/>
/// does the work and is tested on its own.
/// </summary>
public sealed class ValidatorLoop(
    IServiceScopeFactory scopes,
    IOptions<StandingsOptions> options,
    TimeProvider time,
    ServiceHeartbeats heartbeats,
    ILogger<ValidatorLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(options.Value.AutoValidateIntervalMinutes);
        heartbeats.Register(nameof(ValidatorLoop), interval);
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            heartbeats.Beat(nameof(ValidatorLoop));
            try
            {
                await using var scope = scopes.CreateAsyncScope(); // a fresh typed ESI client per run
                var report = await scope.ServiceProvider.GetRequiredService<StandingsValidator>().RunAsync(stoppingToken);
                if (logger.IsEnabled(LogLevel.Information))
                    logger.LogInformation("Validation: {Report}", report);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A locked database, a race on a name, a bug: logged, never a reason to stop the host. The next tick tries again.
                logger.LogError(ex, "Validation failed");
            }
        }
    }
}
