using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace StandingsManager.Core.Persistence;

/// <summary>The database engine an installation runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>One file beside the app: a corporation's single instance.</summary>
    Sqlite,
    /// <summary>A server several instances share.</summary>
    PostgreSQL,
}

/// <summary><c>Database</c>: which engine, with <c>ConnectionStrings:Standings</c> saying where.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>The assembly holding the PostgreSQL migrations; SQLite's live in Core.</summary>
    public const string PostgreSqlMigrationsAssembly = "StandingsManager.PostgreSql";

    /// <summary><c>Sqlite</c> (the default) or <c>PostgreSQL</c>; kept as text so a typo is a clear start-up error, not a binding failure.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>The connection string (<c>ConnectionStrings:Standings</c>), read beside the section.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The provider named, or SQLite when the name is not one we know (validation then stops start-up).</summary>
    public DatabaseProvider ParsedProvider =>
        Enum.TryParse<DatabaseProvider>(Provider, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : DatabaseProvider.Sqlite;

    public static DatabaseOptions From(IConfiguration configuration)
    {
        var options = new DatabaseOptions();
        options.ReadFrom(configuration);
        return options;
    }

    /// <summary>Fills these options from the section and the connection string beside it.</summary>
    public void ReadFrom(IConfiguration configuration)
    {
        configuration.GetSection(SectionName).Bind(this);
        ConnectionString = configuration.GetConnectionString("Standings");
    }
}

public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var problems = new List<string>();
        if (!Enum.TryParse<DatabaseProvider>(options.Provider, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
        {
            problems.Add($"Database:Provider must be Sqlite or PostgreSQL; it is '{options.Provider}'.");
        }
        else if (provider == DatabaseProvider.PostgreSQL)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
                problems.Add("Database:Provider is PostgreSQL, so ConnectionStrings:Standings must give the server, e.g. \"Host=db;Database=standings;Username=standings;Password=…\".");
            else if (PostgreSqlProblem(options.ConnectionString) is { } problem)
                problems.Add($"ConnectionStrings:Standings is not a PostgreSQL connection string: {problem}");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Why a text is not a usable PostgreSQL connection string, or null when it is.</summary>
    public static string? PostgreSqlProblem(string connectionString)
    {
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(parsed.Host) ? "it names no Host." : null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}
