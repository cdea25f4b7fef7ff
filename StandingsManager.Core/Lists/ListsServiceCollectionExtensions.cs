using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StandingsManager.Core.Lists;

public static class ListsServiceCollectionExtensions
{
    /// <summary>List management and the in-game contacts source, with the <c>Lists</c> options.</summary>
    public static IServiceCollection AddLists(this IServiceCollection services)
    {
        services.AddOptions<ListsOptions>().BindConfiguration(ListsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ListsOptions>, ListsOptionsValidator>();
        // Transient, like the typed ESI client they use.
        services.AddTransient<ListsAdmin>();
        services.AddTransient<InGameContactsSource>();
        return services;
    }
}
