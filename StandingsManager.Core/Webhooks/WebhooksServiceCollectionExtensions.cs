using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StandingsManager.Core.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>Outgoing webhooks: their administration, the HTTP client that keeps to the address rule, and the relay.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhooksOptions>().BindConfiguration(WebhooksOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhooksOptions>, WebhooksOptionsValidator>();
        services.AddSingleton<WebhookAdmin>();
        services.AddSingleton<Standings.EntryChangeLog>();
        // No HTTP logging (a receiver's URL may hold a token) and no redirects (a redirect is the receiver's mistake, not an
        // address to follow); each connection resolves and checks its addresses itself.
        services.AddHttpClient<WebhookClient>(client => client.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<WebhooksOptions>>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(1),
                    ConnectCallback = WebhookAddresses.ConnectCallback(() => options.Value.AllowNonPublicAddresses),
                };
            })
            .RemoveAllLoggers();
        // Transient, like its typed HTTP client: the loop takes a fresh one each round.
        services.AddTransient<WebhookRelay>();
        return services;
    }
}
