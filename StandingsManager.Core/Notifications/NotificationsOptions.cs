using System.Globalization;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Notifications;

/// <summary><c>Notifications</c>: where alerts go besides the in-app bell.</summary>
public sealed class NotificationsOptions
{
    public const string SectionName = "Notifications";

    /// <summary>
    /// A Discord channel webhook (Channel settings → Integrations → Webhooks → Copy URL). Empty: no Discord. The URL
    /// holds the webhook's token, so it is never logged or shown.
    /// </summary>
    public string? DiscordWebhookUrl { get; set; }

    /// <summary>A sync failing for longer than this is posted to Discord, once per failure.</summary>
    public int SyncFailureAlertMinutes { get; set; } = 60;

    /// <summary>The language of Discord messages: one of the UI's languages (<see cref="Languages.Supported"/>).</summary>
    public string Language { get; set; } = Languages.Default;

    public Uri? DiscordWebhook => string.IsNullOrWhiteSpace(DiscordWebhookUrl) ? null : new Uri(DiscordWebhookUrl);

    /// <summary>The culture of <see cref="Language"/> (validated at start-up; English if it is not one).</summary>
    public CultureInfo Culture => CultureInfo.GetCultureInfo(Languages.Find(Language) ?? Languages.Default);
}

public sealed class NotificationsOptionsValidator : IValidateOptions<NotificationsOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationsOptions options)
    {
        var problems = new List<string>();
        const string s = NotificationsOptions.SectionName;
        if (!string.IsNullOrWhiteSpace(options.DiscordWebhookUrl) &&
            !(Uri.TryCreate(options.DiscordWebhookUrl, UriKind.Absolute, out var uri) && (uri.Scheme == "https" || (uri.Scheme == "http" && uri.IsLoopback))))
        {
            // The value itself is a secret: the message never repeats it.
            problems.Add($"{s}:DiscordWebhookUrl must be an https URL (copy it from the Discord channel's Integrations → Webhooks), or empty for no Discord.");
        }
        if (Languages.Find(options.Language) is null)
            problems.Add($"{s}:Language must be one of {string.Join(", ", Languages.Supported)} (the language of Discord messages); it is \"{options.Language}\".");
        if (options.SyncFailureAlertMinutes is < 5 or > 10080)
            problems.Add($"{s}:SyncFailureAlertMinutes must be between 5 and 10080 (a week); it is {options.SyncFailureAlertMinutes}.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
