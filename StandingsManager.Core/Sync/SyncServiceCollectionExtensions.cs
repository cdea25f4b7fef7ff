using Microsoft.Extensions.DependencyInjection;

namespace StandingsManager.Core.Sync;

public static class SyncServiceCollectionExtensions
{
    /// <summary>
    /// Contact sync: the notifier pages and the hub listen to, the scheduler's wake-up and its leases, and the pages'
    /// queries and commands (which resolve the engine, <see cref="ICharacterSync"/>, in a scope of their own per run).
    /// </summary>
    public static IServiceCollection AddContactSync(this IServiceCollection services)
    {
        services.AddSingleton<SyncEvents>();
        services.AddSingleton<SyncTrigger>();
        services.AddSingleton<SyncLeases>();
        services.AddSingleton<SyncQueries>();
        services.AddSingleton<SyncCommands>();
        return services;
    }
}
