using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Persistence;

namespace StandingsManager.App.Persistence;

/// <summary>
/// Refuses to mix demo and real data, then applies migrations and marks a new database as demo or production. The
/// marker is read before migrating, so a database of the other kind is refused untouched.
/// </summary>
internal sealed class DatabaseStartup(
    IDbContextFactory<StandingsDbContext> dbFactory,
    Microsoft.Extensions.Options.IOptions<EveOptions> eve,
    Microsoft.Extensions.Options.IOptions<StandingsManager.Core.StandingsOptions> standings,
    TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Several instances starting at once on one PostgreSQL database: one migrates, the others wait for it.
        await using var startupLock = await StandingsManager.Core.Persistence.Instances.StartupLock.TakeAsync(db, cancellationToken);
        // An empty history table first: reading a missing one logs a failed query on PostgreSQL, which looks like a fault
        // on an operator's first start. Empty, it says what a missing one says: nothing applied yet.
        await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        var isDemo = eve.Value.IsDemo;
        var holdsDemo = await HoldsDemoDataAsync(db, cancellationToken);
        if (isDemo && holdsDemo == false)
            throw new StartupException("Demo mode refuses to open this database: it holds real (non-demo) data. " +
                "Set Eve:ClientId and Eve:ClientSecret to run against EVE, or point ConnectionStrings:Standings at a demo database.");
        if (!isDemo && holdsDemo == true)
            throw new StartupException("This database holds demo data; the app will not run against EVE with it. " +
                "Point ConnectionStrings:Standings (or Data:Directory) at a production database.");

        await db.Database.MigrateAsync(cancellationToken);
        // Write-ahead logging: readers (pages) never wait for the sync workers' writes, and a commit is one append, not
        // a rewrite of the journal. The mode is stored in the file, so this is a no-op after the first start.
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await StandingsManager.Core.Lists.FirstList.AdoptSettingsAsync(db, standings.Value, cancellationToken);
        // A character taken off Standings:Administrators loses its owner binding: listed again, it binds its owner then.
        await StandingsManager.Core.Accounts.SettingsAdministrators.ForgetUnlistedAsync(db, standings.Value.Administrators, cancellationToken);
        if (holdsDemo is null)
        {
            // A new database (or one with neither marker nor accounts) becomes what this start is.
            db.Installation.Add(new Installation { IsDemo = isDemo, CreatedAt = time.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// What the database holds, read with plain SQL that any schema since the first migration answers: demo data,
    /// real data (a marker saying so, or accounts with no marker, which predate the marker), or nothing yet (null).
    /// </summary>
    private static async Task<bool?> HoldsDemoDataAsync(StandingsDbContext db, CancellationToken ct)
    {
        if (!(await db.Database.GetAppliedMigrationsAsync(ct)).Any())
            return null;
        var marker = await db.Database.SqlQueryRaw<bool>("SELECT \"IsDemo\" AS \"Value\" FROM \"Installation\"").ToListAsync(ct);
        if (marker.Count > 0)
            return marker[0];
        var hasAccounts = await db.Database.SqlQueryRaw<bool>("SELECT EXISTS (SELECT 1 FROM \"Accounts\") AS \"Value\"").SingleAsync(ct);
        return hasAccounts ? false : null;
    }
}
