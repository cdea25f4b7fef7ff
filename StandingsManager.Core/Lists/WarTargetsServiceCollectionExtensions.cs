using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StandingsManager.Core.Lists;

public static class WarTargetsServiceCollectionExtensions
{
    /// <summary>The war-targets source: <c>Wars</c> options, the rules and their writer, the scan and its worker.</summary>
    public static IServiceCollection AddWarTargets(this IServiceCollection services)
    {
        services.AddOptions<WarsOptions>().BindConfiguration(WarsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WarsOptions>, WarsOptionsValidator>();
        services.AddSingleton<WarTargetsSource>();
        services.AddSingleton<WarScan>();
        services.AddSingleton<WarDetails>();
        return services;
    }
}
