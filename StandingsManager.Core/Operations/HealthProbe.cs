using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Operations;

/// <summary>What <c>/healthz</c> answers. It names no character, account or file: anyone may read it.</summary>
/// <param name="Healthy">The database answers and every background loop beats. ESI's downtime or error pause is EVE's state, not ours.</param>
/// <param name="Lists">Each active list written by a source (in-game contacts, war targets): a stopped source is degraded, not unhealthy.</param>
/// <param name="Instance">Which process answered (<see cref="HealthProbe.InstanceName"/>), so a check behind a load balancer knows whom it asked.</param>
/// <param name="Database">The database engine, <c>Sqlite</c> or <c>PostgreSQL</c>.</param>
public sealed record HealthReport(bool Healthy, DateTimeOffset CheckedAt, string Instance, DatabaseProvider Database, bool DatabaseReachable,
    IReadOnlyList<Heartbeat> Services, EsiGateState Esi, IReadOnlyList<ListHealth> Lists);

/// <summary>
/// How one source-written list is doing. <see cref="Status"/> is "ok", "not read yet" or "degraded: …"; it never
/// quotes the list's problem, which may name the character whose grant reads the source.
/// </summary>
public sealed record ListHealth(int ListId, string List, string Source, string Status, DateTimeOffset? ReadAt);

public sealed class HealthProbe(
    IDbContextFactory<StandingsDbContext> dbFactory,
    ServiceHeartbeats heartbeats,
    EsiGate gate,
    TimeProvider time,
    ILogger<HealthProbe> logger)
{
    /// <summary>This process: the machine (or container) and the process id, as the sync leases' owners begin.</summary>
    public static string InstanceName { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    public async Task<HealthReport> CheckAsync(CancellationToken ct)
    {
        var database = await DatabaseAnswersAsync(ct);
        var services = heartbeats.Read();
        var lists = database ? await ListsAsync(ct) : [];
        return new HealthReport(database && services.All(s => s.Alive), time.GetUtcNow(), InstanceName, await ProviderAsync(ct), database, services, gate.State(), lists);
    }

    private async Task<DatabaseProvider> ProviderAsync(CancellationToken ct)
    {
        // Creating a context opens no connection: the answer comes from the configured provider even when the server is down.
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return db.Database.IsNpgsql() ? DatabaseProvider.PostgreSQL : DatabaseProvider.Sqlite;
    }

    private async Task<IReadOnlyList<ListHealth>> ListsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lists = await db.Lists.AsNoTracking().Where(l => l.Enabled && l.DeletedAt == null && l.Source != ListSource.Requests)
            .OrderBy(l => l.Id).ToListAsync(ct);
        // For monitors, not people: the same English words whatever language the request asked for.
        return [.. lists.Select(l => new ListHealth(l.Id, l.Name, InEnglish(() => ListGuard.SourceWords(l.Source)),
            l.SourceProblem is not null ? $"degraded: {l.Name} stopped following its source and keeps its last content; see the Lists page"
                : l.SourceReadAt is null ? "not read yet" : "ok",
            l.SourceReadAt))];
    }

    private static string InEnglish(Func<string> text)
    {
        var asked = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        try
        {
            return text();
        }
        finally
        {
            CultureInfo.CurrentUICulture = asked;
        }
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
