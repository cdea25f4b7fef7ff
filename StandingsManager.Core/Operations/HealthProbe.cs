using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Operations;

/// <summary>What <c>/healthz</c> answers. It names no character, account or file: anyone may read it.</summary>
/// <param name="Healthy">The database answers and every background loop beats. ESI's downtime or error pause is EVE's state, not ours.</param>
public sealed record HealthReport(bool Healthy, DateTimeOffset CheckedAt, bool DatabaseReachable, IReadOnlyList<Heartbeat> Services, EsiGateState Esi);

public sealed class HealthProbe(
    IDbContextFactory<StandingsDbContext> dbFactory,
    ServiceHeartbeats heartbeats,
    EsiGate gate,
    TimeProvider time,
    ILogger<HealthProbe> logger)
{
    public async Task<HealthReport> CheckAsync(CancellationToken ct)
    {
        var database = await DatabaseAnswersAsync(ct);
        var services = heartbeats.Read();
        return new HealthReport(database && services.All(s => s.Alive), time.GetUtcNow(), database, services, gate.State());
    }

    private async Task<bool> DatabaseAnswersAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // A real read of a real table: an open connection to a file that lost its schema is not healthy.
            await db.Installation.AnyAsync(ct);
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // The reason goes to the log only: the public answer must not reveal paths or SQL.
            logger.LogError(ex, "Health check: the database did not answer");
            return false;
        }
    }
}
