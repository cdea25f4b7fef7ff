using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Api;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Operations;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;
using StandingsManager.Core.Webhooks;

namespace StandingsManager.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Options, the workflow services, EVE SSO, the ESI client, the directory and contact sync. The host adds the
    /// database (<see cref="AddStandingsDbContext"/>), where SSO is (<see cref="IEveSsoSettings"/>) and, optionally,
    /// where ESI is (<see cref="IEsiBaseAddress"/>).
    /// </summary>
    public static IServiceCollection AddStandingsCore(this IServiceCollection services)
    {
        services.AddOptions<StandingsOptions>()
            .Configure<Microsoft.Extensions.Configuration.IConfiguration>((o, configuration) => StandingsOptions.Bind(configuration.GetSection(StandingsOptions.SectionName), o))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StandingsOptions>, StandingsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AccessStates>();
        services.AddSingleton<StandingsEvents>();
        services.AddSingleton<ActorLoader>();
        services.AddSingleton<RequestWorkflow>();
        services.AddSingleton<RevocationWorkflow>();
        services.AddSingleton<StandingsAdmin>();
        services.AddSingleton<StandingsQueries>();
        services.AddSingleton<Audit.AuditLogQueries>();
        // Transient, like the typed ESI client it uses.
        services.AddTransient<StandingsImport>();
        services.AddTransient<OrgContactsImport>();
        services.AddTransient<ManualEntries>();
        services.AddSingleton<Dashboard.DashboardChartQueries>();
        services.AddSingleton<Dashboard.MyDashboardQueries>();
        services.AddSingleton<AccountSignIn>();
        services.AddSingleton<AccountSessions>();
        services.AddSingleton<AccountCharacters>();
        services.AddSingleton<RoleChanges>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<AccountDeactivation>();
        services.AddSingleton<AccountLanguages>();
        services.AddNotifications();
        services.AddWebhooks();
        services.AddEveSso();
        services.AddEsiClient();
        services.AddTransient<EveDirectory>();
        services.AddTransient<Validation.StandingsValidator>();
        services.AddContactSync();
        services.AddOperations();
        services.AddWarTargets();
        services.AddLists();
        services.AddApi();
        return services;
    }

    /// <summary>The database: a context factory over SQLite, one context per operation.</summary>
    public static IServiceCollection AddStandingsDbContext(this IServiceCollection services, string sqliteConnectionString) =>
        services.AddStandingsDbContext(DatabaseProvider.Sqlite, sqliteConnectionString);

    /// <summary>The database on either engine: a context factory, one context per operation.</summary>
    public static IServiceCollection AddStandingsDbContext(this IServiceCollection services, DatabaseProvider provider, string connectionString) =>
        services.AddDbContextFactory<StandingsDbContext>(o => o.UseStandingsDatabase(provider, connectionString));

    /// <summary>The provider, its migrations and its per-connection settings: one place, for the app, the tools and the tests.</summary>
    public static DbContextOptionsBuilder UseStandingsDatabase(this DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString) =>
        provider == DatabaseProvider.PostgreSQL
            ? options.UseNpgsql(PostgreSqlConnections.Tuned(connectionString), npgsql => npgsql.MigrationsAssembly(DatabaseOptions.PostgreSqlMigrationsAssembly))
            : options.UseSqlite(connectionString).AddInterceptors(new SqliteConnectionSetup());

    /// <summary>A SQLite connection string for a database file, creating its folder.</summary>
    public static string SqliteFile(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString();
    }
}
