using Microsoft.Extensions.DependencyInjection;

namespace StandingsManager.Core.LiveEvents;

public static class LiveEventsServiceCollectionExtensions
{
    /// <summary>
    /// Live events between instances sharing the PostgreSQL database at <paramref name="connectionString"/>
    /// (<see cref="PostgreSqlEventBridge"/>). Only for PostgreSQL: a SQLite installation is one instance and runs nothing extra.
    /// </summary>
    public static IServiceCollection AddLiveEventsAcrossInstances(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PostgreSqlEventBridge>(sp, connectionString));
        services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlEventBridge>());
        return services;
    }
}
