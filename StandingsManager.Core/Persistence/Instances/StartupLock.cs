using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace StandingsManager.Core.Persistence.Instances;

/// <summary>
/// Serialises the start-up steps (migrate, adopt settings, mark the installation, seed the demo) across instances that
/// start at once against one PostgreSQL database: the first does the work, the others wait and then find nothing left
/// to do. A session advisory lock on an unpooled connection of its own: released when the step ends, and with the
/// connection if the process dies. SQLite runs one instance and needs none.
/// </summary>
public static class StartupLock
{
    public static async Task<IAsyncDisposable> TakeAsync(StandingsDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsNpgsql())
            return NoLock.Instance;
        // Unpooled: a pooled connection would keep the session lock until the pool next reused it.
        var connectionString = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ConnectionString;
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        try
        {
            // No command timeout: the other instance's migration may take longer than any fixed wait.
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLocks.Startup})", connection) { CommandTimeout = 0 };
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
