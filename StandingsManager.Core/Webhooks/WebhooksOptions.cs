using Microsoft.Extensions.Options;

namespace StandingsManager.Core.Webhooks;

/// <summary><c>Webhooks</c>: outgoing webhooks and the entry change log they (and the API's <c>changedSince</c>) read.</summary>
public sealed class WebhooksOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>
    /// Lets webhook URLs resolve to loopback, private, link-local and other non-public addresses (and use plain http on
    /// loopback). Off, such URLs are refused at registration and at each delivery: a webhook must not become a way to
    /// reach the app's own network. Tests turn it on to post to a local receiver.
    /// </summary>
    public bool AllowNonPublicAddresses { get; set; }

    /// <summary>How long entry change-log rows are kept (a webhook or an API reader further behind than this misses the older changes).</summary>
    public int ChangeLogRetentionDays { get; set; } = 30;

    public TimeSpan ChangeLogRetention => TimeSpan.FromDays(ChangeLogRetentionDays);
}

public sealed class WebhooksOptionsValidator : IValidateOptions<WebhooksOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhooksOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ChangeLogRetentionDays is < 1 or > 3650
            ? ValidateOptionsResult.Fail($"{WebhooksOptions.SectionName}:ChangeLogRetentionDays must be between 1 and 3650 (ten years); it is {options.ChangeLogRetentionDays}.")
            : ValidateOptionsResult.Success;
    }
}
