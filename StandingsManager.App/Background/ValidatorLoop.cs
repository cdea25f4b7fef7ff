using Microsoft.Extensions.Options;
using StandingsManager.Core;
using StandingsManager.Core.Operations;
using StandingsManager.Core.Validation;

namespace StandingsManager.App.Background;

/// <summary>
/// Runs the validator shortly after start, then every <c>Standings:AutoValidateIntervalMinutes</c>: fresh affiliations, stopped syncs of people who
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
    /// <summary>
    /// The first round comes this soon after start, not a whole interval later: an instance restarted more often than the
    /// interval would otherwise never validate. The short wait lets start-up (migration, demo seeding) finish first.
    /// </summary>
    public static readonly TimeSpan FirstRoundAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>/healthz</c> calls the loop dead when no round has finished this long (plus the slack) after start. A round
    /// may wait out ESI's daily downtime (22 minutes), so this is not the first round's due time.
    /// </summary>
    public static readonly TimeSpan FirstRoundDeadline = TimeSpan.FromMinutes(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(options.Value.AutoValidateIntervalMinutes);
        heartbeats.Register(nameof(ValidatorLoop), interval, firstRoundWithin: FirstRoundDeadline);
        await Task.Delay(FirstRoundAfter, time, stoppingToken);
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            heartbeats.Beat(nameof(ValidatorLoop));
            try
            {
                await using var scope = scopes.CreateAsyncScope(); // a fresh typed ESI client per run
                var report = await scope.ServiceProvider.GetRequiredService<StandingsValidator>().RunAsync(stoppingToken);
                heartbeats.Completed(nameof(ValidatorLoop));
                if (logger.IsEnabled(LogLevel.Information))
                    logger.LogInformation("Validation: {Report}", FreeText.ForLog(report.ToString()));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A locked database, a race on a name, a bug: logged, never a reason to stop the host. The next tick tries again.
                logger.LogError(ex, "Validation failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
