using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StandingsManager.Core.Notifications;

public enum DiscordPostOutcome
{
    Sent,
    /// <summary>429: Discord said how long to wait.</summary>
    RateLimited,
    /// <summary>5xx, a timeout or no answer: worth another try later.</summary>
    Transient,
    /// <summary>Another 4xx (a deleted webhook, a bad token): another try fails the same way.</summary>
    Refused,
}

public sealed record DiscordPostResult(DiscordPostOutcome Outcome, TimeSpan RetryAfter = default, int? Status = null);

/// <summary>
/// Posts one message to a Discord webhook. The webhook URL carries its token: this client's HTTP logging is off
/// (see the registration), and nothing here puts the URL into a message or an exception.
/// </summary>
public sealed class DiscordWebhookClient(HttpClient http)
{
    /// <summary>Discord's limit on a message's content.</summary>
    public const int MaxContentLength = 2000;

    /// <summary>When a 429 carries no usable wait.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    public async Task<DiscordPostResult> PostAsync(Uri webhook, string content, CancellationToken ct)
    {
        var message = new
        {
            content = FreeText.Truncate(content, MaxContentLength),
            username = "StandingsManager",
            // Names and reasons are the members' own text: no @everyone, no role or user pings from them.
            allowed_mentions = new { parse = Array.Empty<string>() },
        };
        try
        {
            using var response = await http.PostAsJsonAsync(webhook, message, ct);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
                return new DiscordPostResult(DiscordPostOutcome.Sent, Status: status);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                return new DiscordPostResult(DiscordPostOutcome.RateLimited, await RetryAfterAsync(response, ct), status);
            return new DiscordPostResult(status >= 500 ? DiscordPostOutcome.Transient : DiscordPostOutcome.Refused, Status: status);
        }
        catch (HttpRequestException)
        {
            return new DiscordPostResult(DiscordPostOutcome.Transient);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DiscordPostResult(DiscordPostOutcome.Transient); // the client's timeout
        }
    }

    /// <summary>Discord's body says <c>retry_after</c> in (fractional) seconds; the header rounds it up.</summary>
    private static async Task<TimeSpan> RetryAfterAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("retry_after", out var retry)
                && retry.TryGetDouble(out var seconds) && seconds is >= 0 and < 86_400)
                return TimeSpan.FromSeconds(seconds);
        }
        catch (JsonException)
        {
            // Not Discord's JSON (a proxy's page, say): the header may still say.
        }
        if (response.Headers.RetryAfter?.Delta is { } delta)
            return delta;
        if (response.Headers.TryGetValues("Retry-After", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var headerSeconds) && headerSeconds >= 0)
            return TimeSpan.FromSeconds(headerSeconds);
        return DefaultRetryAfter;
    }
}
