using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Operations;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;

namespace StandingsManager.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Options, persistence and the workflow services.</summary>
    public static IServiceCollection AddStandingsCore(this IServiceCollection services, string sqliteConnectionString)
    {
        services.AddOptions<StandingsOptions>().BindConfiguration(StandingsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StandingsOptions>, StandingsOptionsValidator>();
        services.AddDbContextFactory<StandingsDbContext>(o => o.UseSqlite(sqliteConnectionString).AddInterceptors(new SqliteConnectionSetup()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AccessStates>();
        services.AddSingleton<StandingsEvents>();
        services.AddSingleton<ActorLoader>();
        services.AddSingleton<RequestWorkflow>();
        services.AddSingleton<RevocationWorkflow>();
        services.AddSingleton<StandingsAdmin>();
        services.AddSingleton<StandingsQueries>();
        // Transient, like the typed ESI client it uses.
        services.AddTransient<StandingsImport>();
        services.AddSingleton<AccountSignIn>();
        services.AddSingleton<RoleChanges>();
        services.AddSingleton<UserAdministration>();
        services.AddNotifications();
        services.AddContactSync();
        services.AddOperations();
        return services;
    }

    /// <summary>A SQLite connection string for a database file, creating its folder.</summary>
    public static string SqliteFile(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString();
    }
}
