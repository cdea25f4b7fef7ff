using StandingsManager.Core;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Persistence;

namespace StandingsManager.App.Persistence;

/// <summary>
/// Where the settings put the database and its keys: SQLite in the data folder (<c>Data:Directory</c>, default
/// <c>data</c>) with the key folder beside it, or PostgreSQL with the keys in it. Demo mode on SQLite uses its own file
/// and key folder, so it never opens the production ones by accident. The app and <c>copy-database</c> both read it here.
/// </summary>
public sealed record DatabaseLocation(DatabaseProvider Provider, string ConnectionString, string KeysDirectory)
{
    public static DatabaseLocation From(IConfiguration configuration, string contentRoot)
    {
        var database = DatabaseOptions.From(configuration);
        var dataDirectory = Path.GetFullPath(configuration["Data:Directory"] ?? "data", contentRoot);
        var isDemo = EveOptions.IsDemoConfigured(configuration);
        var keys = Path.Combine(dataDirectory, isDemo ? "keys-demo" : "keys");
        // An invalid Database section falls back to SQLite here only so the host builds: validation then stops start-up.
        if (database.ParsedProvider == DatabaseProvider.PostgreSQL && !string.IsNullOrWhiteSpace(database.ConnectionString))
            return new DatabaseLocation(DatabaseProvider.PostgreSQL, database.ConnectionString, keys);
        return new DatabaseLocation(DatabaseProvider.Sqlite,
            database.ConnectionString ?? CoreServiceCollectionExtensions.SqliteFile(Path.Combine(dataDirectory, isDemo ? "standings-demo.db" : "standings.db")), keys);
    }
}
