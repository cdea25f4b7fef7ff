using Microsoft.Extensions.DependencyInjection;

namespace StandingsManager.Core.Sync;

public static class SyncServiceCollectionExtensions
{
    /// <summary>
    /// Contact sync: the notifier pages and the hub listen to, the scheduler's wake-up, leases (with the instance's
    /// heartbeat) and schedule, "make due" for list changes (followed from host start) and "Sync now", the staleness rule, the dashboard's health, the engine, and the pages' queries
    /// and commands and the contacts check (the commands resolve the engine, <see cref="ICharacterSync"/>, in a scope of their own per run).
    /// </summary>
    public static IServiceCollection AddContactSync(this IServiceCollection services)
    {
        services.AddSingleton<SyncEvents>();
        services.AddSingleton<SyncTrigger>();
        services.AddSingleton<SyncLeases>();
        services.AddSingleton<SyncSchedule>();
        services.AddSingleton<SyncDueSoon>();
        // A list change (approval, revocation, edit) makes every character due soon, from host start on.
        services.AddHostedService<SyncListFollower>();
        services.AddSingleton<SyncStaleness>();
        // One instance, listening from host start: the dashboard and the hub read who is running from it.
        services.AddSingleton<SyncActivity>();
        services.AddHostedService(sp => sp.GetRequiredService<SyncActivity>());
        services.AddSingleton<SyncHealthQueries>();
        services.AddSingleton<SyncQueries>();
        services.AddSingleton<SyncCommands>();
        services.AddSingleton<EsiCheckLimits>();
        services.AddTransient<ContactsInspector>();
        // The engine needs the typed EsiClient and the token store, which the App registers.
        services.AddSingleton<DesiredSetCache>();
        services.AddSingleton<SyncEligibility>();
        services.AddTransient<SyncEngine>();
        services.AddTransient<ICharacterSync>(sp => sp.GetRequiredService<SyncEngine>());
        return services;
    }
}
