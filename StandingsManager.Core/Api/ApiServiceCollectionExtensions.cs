using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StandingsManager.Core.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>API keys and the reads the API answers with.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<ApiReads>();
        // Transient, like the typed ESI client it uses.
        services.AddTransient<StandingsLookup>();
        return services;
    }
}
