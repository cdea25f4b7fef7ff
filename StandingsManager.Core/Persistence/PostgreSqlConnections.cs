using Npgsql;

namespace StandingsManager.Core.Persistence;

/// <summary>
/// Pool settings the app's short contexts need on PostgreSQL, applied unless the operator's connection string names them.
/// Each operation opens and returns a pooled connection, a dozen times per sync: by default Npgsql then resets the
/// session (DISCARD ALL) on every return, which costs the server more than the sync's own queries and drops every
/// prepared statement. The app keeps no session state on pooled connections (its session locks and LISTEN use
/// connections of their own; its transaction locks end with the transaction), so the reset is skipped, and the
/// statements it repeats are prepared once per connection.
/// </summary>
public static class PostgreSqlConnections
{
    public static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Names(connectionString, "No Reset On Close", "NoResetOnClose"))
            builder.NoResetOnClose = true;
        if (!Names(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
            builder.MaxAutoPrepare = 64;
        return builder.ConnectionString;
    }

    private static bool Names(string connectionString, params string[] keys) =>
        keys.Any(k => connectionString.Contains(k, StringComparison.OrdinalIgnoreCase));
}
