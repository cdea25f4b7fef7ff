using Microsoft.Extensions.DependencyInjection;

namespace StandingsManager.Core.Sync;

public static class SyncServiceCollectionExtensions
{
    /// <summary>Contact sync: the notifier pages and the hub listen to, the scheduler's wake-up and its leases, the engine.</summary>
    public static IServiceCollection AddContactSync(this IServiceCollection services)
    {
        services.AddSingleton<SyncEvents>();
        services.AddSingleton<SyncTrigger>();
        services.AddSingleton<SyncLeases>();
        // The engine needs the typed EsiClient and the token store, which the App registers.
        services.AddSingleton<DesiredSetCache>();
        services.AddTransient<SyncEngine>();
        services.AddTransient<ICharacterSync>(sp => sp.GetRequiredService<SyncEngine>());
        return services;
    }
}
