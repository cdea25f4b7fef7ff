using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace StandingsManager.Core.Persistence;

/// <summary>
/// Per-connection SQLite settings. The busy timeout lets SQLite itself wait (in short steps) for another writer, instead of
/// Microsoft.Data.Sqlite's own retry, which sleeps 150 ms at a time: with sync workers writing side by side that sleep, not
/// the work, would set the pace. Synchronous NORMAL is the usual pairing with WAL: a commit survives a crash of the process.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
