using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StandingsManager.Core;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Tests.TestSupport;

/// <summary>
/// Which database the test run uses: SQLite unless <c>STANDINGS_TEST_DATABASE=PostgreSQL</c>, which test.sh sets for its
/// second pass along with <c>STANDINGS_TEST_POSTGRES</c>, the throwaway cluster it started. On PostgreSQL every test gets
/// a database of its own, copied from a template migrated once per run, and dropped afterwards.
/// </summary>
public static class TestDatabases
{
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _template;

    public static DatabaseProvider Provider { get; } = ReadProvider();

    public static bool OnPostgreSql => Provider == DatabaseProvider.PostgreSQL;

    /// <summary>The throwaway cluster (no database named). A PostgreSQL run without one fails, never skips.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("STANDINGS_TEST_POSTGRES") is { Length: > 0 } server ? server
        : throw new InvalidOperationException("STANDINGS_TEST_DATABASE=PostgreSQL needs STANDINGS_TEST_POSTGRES, the connection string of a " +
            "throwaway cluster: run ./test.sh, which starts one (scripts/throwaway-postgres.sh).");

    private static DatabaseProvider ReadProvider()
    {
        var named = Environment.GetEnvironmentVariable("STANDINGS_TEST_DATABASE");
        if (string.IsNullOrWhiteSpace(named))
            return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(named, ignoreCase: true, out var provider) && Enum.IsDefined(provider) ? provider
            : throw new InvalidOperationException($"STANDINGS_TEST_DATABASE must be Sqlite or PostgreSQL; it is '{named}'.");
    }

    /// <summary>The connection string of database <paramref name="name"/> on the throwaway cluster.</summary>
    public static string PostgreSqlConnectionString(string name) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;

    /// <summary>A new, migrated, empty PostgreSQL database; its connection string.</summary>
    public static async Task<string> NewPostgreSqlAsync(string? name = null, bool migrated = true)
    {
        name ??= $"t_{Guid.NewGuid():N}";
        if (migrated)
            await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{await TemplateAsync()}\"");
        else
            await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return PostgreSqlConnectionString(name);
    }

    /// <summary>The database for a test host's data folder: the same folder (a restart) finds the same database.</summary>
    public static async Task<string> PostgreSqlForFolderAsync(string dataDirectory)
    {
        var name = "f_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..40];
        await using var admin = await OpenAdminAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync() is null)
            await NewPostgreSqlAsync(name);
        return PostgreSqlConnectionString(name);
    }

    /// <summary>Drops a test's database, closing what still holds it.</summary>
    public static async Task DropPostgreSqlAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using (var pooled = new NpgsqlConnection(connectionString))
            NpgsqlConnection.ClearPool(pooled);
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Context options for a test's own database on the run's provider.</summary>
    public static DbContextOptionsBuilder<StandingsDbContext> Options(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<StandingsDbContext>();
        options.UseStandingsDatabase(provider, connectionString);
        return options;
    }

    private static async Task<string> TemplateAsync()
    {
        if (_template is { } ready)
            return ready;
        await TemplateGate.WaitAsync();
        try
        {
            if (_template is not null)
                return _template;
            var name = $"template_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
            await ExecuteAsync($"CREATE DATABASE \"{name}\"");
            var connectionString = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionString(name)) { Pooling = false }.ConnectionString;
            await using (var db = new StandingsDbContext(Options(DatabaseProvider.PostgreSQL, connectionString).Options))
                await db.Database.MigrateAsync();
            return _template = name;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var admin = new NpgsqlConnection(PostgreSqlConnectionString("postgres"));
        await admin.OpenAsync();
        return admin;
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var admin = await OpenAdminAsync();
        await using var command = new NpgsqlCommand(sql, admin) { CommandTimeout = 120 };
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Breaking a database on purpose, in the dialect of the database the test runs on.</summary>
public static class DatabaseBreakers
{
    /// <summary>
    /// A trigger that refuses <paramref name="trigger"/> (e.g. <c>BEFORE INSERT</c>) on <paramref name="table"/> with
    /// <paramref name="message"/>: a database rule our code does not know about.
    /// </summary>
    public static Task AddRefusingTriggerAsync(this StandingsDbContext db, string name, string trigger, string table, string message, CancellationToken ct)
    {
        // Test-chosen names and text only: no user input reaches this SQL.
        var sql = db.Database.IsNpgsql()
            ? $"""
                CREATE FUNCTION "{name}"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{message}'; END $$;
                CREATE TRIGGER "{name}" {trigger} ON "{table}" FOR EACH ROW EXECUTE FUNCTION "{name}"();
                """
            : $"""
                CREATE TRIGGER "{name}" {trigger} ON "{table}"
                BEGIN SELECT RAISE(ABORT, '{message}'); END;
                """;
        return db.Database.ExecuteSqlRawAsync(sql, ct);
    }
}
