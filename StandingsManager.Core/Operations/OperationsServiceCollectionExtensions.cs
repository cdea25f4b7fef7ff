using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Eve.Esi;

namespace StandingsManager.Core.Operations;

public static class OperationsServiceCollectionExtensions
{
    /// <summary>Heartbeats of the background loops, the leases of singleton work, the health probe and the app's metrics instruments.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<ServiceHeartbeats>();
        // Singleton work (validator, Discord relay, list mirror, war scan) claimed in the database: once across instances.
        services.AddSingleton<WorkLeases>();
        // The health check reports the gate; without the ESI client registered it is a gate no call ever passes.
        services.TryAddSingleton<EsiGate>();
        services.AddSingleton<HealthProbe>();
        services.AddSingleton<StandingsMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<StandingsMetrics>());
        return services;
    }
}
