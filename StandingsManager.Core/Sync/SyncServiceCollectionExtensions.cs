using Microsoft.Extensions.DependencyInjection;

namespace StandingsManager.Core.Sync;

public static class SyncServiceCollectionExtensions
{
    /// <summary>
    /// Contact sync: the notifier pages and the hub listen to, the scheduler's wake-up, leases and schedule, "make due"
    /// for list changes and "Sync now", and the staleness rule pages show.
    /// </summary>
    public static IServiceCollection AddContactSync(this IServiceCollection services)
    {
        services.AddSingleton<SyncEvents>();
        services.AddSingleton<SyncTrigger>();
        services.AddSingleton<SyncLeases>();
        services.AddSingleton<SyncSchedule>();
        services.AddSingleton<SyncDueSoon>();
        services.AddSingleton<SyncStaleness>();
        return services;
    }
}
