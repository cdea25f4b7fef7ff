using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StandingsManager.Core.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>The bell's inbox, and the Discord outbox with its relay.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<NotificationInbox>();
        services.AddOptions<NotificationsOptions>().BindConfiguration(NotificationsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationsOptions>, NotificationsOptionsValidator>();
        // No HTTP logging for this client: the default handlers would log the webhook URL, and the URL is the secret.
        services.AddHttpClient<DiscordWebhookClient>(client => client.Timeout = TimeSpan.FromSeconds(15)).RemoveAllLoggers();
        // Transient, like its typed HTTP client: the loop takes a fresh one (and a fresh handler) each round.
        services.AddTransient<DiscordRelay>();
        return services;
    }
}
