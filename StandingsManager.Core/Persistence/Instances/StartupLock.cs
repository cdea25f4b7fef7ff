using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace StandingsManager.Core.Persistence.Instances;

/// <summary>
/// Serialises the start-up step (migrate, adopt settings, mark the installation) across instances that start at once
/// against one PostgreSQL database: the first migrates, the others wait and then find nothing left to do. A session
/// advisory lock on a connection of its own, so it ends with that connection even if the process dies. SQLite runs
/// one instance and needs none.
/// </summary>
public static class StartupLock
{
    // Any fixed number the app alone uses: "StdM" in ASCII.
    private const long Key = 0x5374644D;

    public static async Task<IAsyncDisposable> TakeAsync(StandingsDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsNpgsql())
            return NoLock.Instance;
        var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(ct);
        try
        {
            // No command timeout: the wait lasts as long as the other instance's migration, which on a busy machine
            // passes the default 30 s; the lock goes with its holder's connection if that instance dies.
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({Key})", connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
