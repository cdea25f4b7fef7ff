using Microsoft.Extensions.Options;
using StandingsManager.Core;
using StandingsManager.Core.Operations;
using StandingsManager.Core.Validation;

namespace StandingsManager.App.Background;

/// <summary>
/// Runs the validator shortly after start, then every <c>Standings:AutoValidateIntervalMinutes</c>: fresh affiliations, stopped syncs of people who
/// lost access, system revocations filed, applied or withdrawn. The loop only schedules; <see cref="StandingsValidator"/>
/// does the work and is tested on its own. With several instances on one database the round runs on one of them, once
/// per interval (<see cref="WorkLeases"/>); the others stand by.
/// </summary>
public sealed class ValidatorLoop(
    IServiceScopeFactory scopes,
    IOptions<StandingsOptions> options,
    WorkLeases leases,
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

    /// <summary>Never a busy loop, whatever the lease row says.</summary>
    private static readonly TimeSpan MinWait = TimeSpan.FromSeconds(1);

    /// <summary>The work's lease row (<see cref="WorkLeases"/>): one round per interval across every instance on the database.</summary>
    public const string LeaseName = "validator";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(options.Value.AutoValidateIntervalMinutes);
        heartbeats.Register(nameof(ValidatorLoop), interval, firstRoundWithin: FirstRoundDeadline);
        await Task.Delay(FirstRoundAfter, time, stoppingToken);
        while (true)
        {
            // When the lease says the next round is due (another instance's round counts), or a recheck while another runs one.
            var next = time.GetUtcNow() + WorkLeases.Recheck;
            try
            {
                var run = await leases.RunAsync(LeaseName, interval, RoundAsync, stoppingToken);
                if (run.Claimed)
                    heartbeats.Completed(nameof(ValidatorLoop));
                else
                    heartbeats.Standby(nameof(ValidatorLoop));
                next = run.FreeAt ?? next;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A locked database, a race on a name, a bug: logged, never a reason to stop the host. The next round tries again.
                heartbeats.Beat(nameof(ValidatorLoop));
                logger.LogError(ex, "Validation failed");
                next = time.GetUtcNow() + interval;
            }
            var wait = next - time.GetUtcNow();
            await Task.Delay(wait < MinWait ? MinWait : wait > interval ? interval : wait, time, stoppingToken);
        }
    }

    private async Task RoundAsync(CancellationToken ct)
    {
        heartbeats.Beat(nameof(ValidatorLoop));
        await using var scope = scopes.CreateAsyncScope(); // a fresh typed ESI client per run
        var report = await scope.ServiceProvider.GetRequiredService<StandingsValidator>().RunAsync(ct);
        if (logger.IsEnabled(LogLevel.Information))
            logger.LogInformation("Validation: {Report}", FreeText.ForLog(report.ToString()));
    }
}
