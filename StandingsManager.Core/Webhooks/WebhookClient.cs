using StandingsManager.Core.Localization;
using System.Net.Http.Headers;

namespace StandingsManager.Core.Webhooks;

/// <summary>What became of one post: delivered (2xx), or why not (<see cref="Error"/>, with the status when there was one).</summary>
public sealed record WebhookPostResult(bool Delivered, int? Status, Phrase? Error);

/// <summary>
/// Posts one signed event. Connections go through <see cref="WebhookAddresses.ConnectCallback"/> (see the registration);
/// redirects are not followed; HTTP logging is off, since a receiver's URL may hold a token of its own.
/// </summary>
public sealed class WebhookClient(HttpClient http)
{
    public const string SignatureHeader = "X-Standings-Signature";
    public const string EventIdHeader = "X-Standings-Event-Id";
    public const string EventTypeHeader = "X-Standings-Event";

    public async Task<WebhookPostResult> PostAsync(Uri url, WebhookEvent payload, string secret, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payload);
        using var content = new ByteArrayContent(payload.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add(SignatureHeader, WebhookSignature.Sign(payload.Body, secret));
        request.Headers.Add(EventIdHeader, payload.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(EventTypeHeader, payload.Type);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new WebhookPostResult(true, status, null)
                : new WebhookPostResult(false, status, Said("Webhooks.Delivery.Answered", status, response.ReasonPhrase));
        }
        catch (HttpRequestException ex) when (Find<WebhookAddressException>(ex) is { } refused)
        {
            return new WebhookPostResult(false, null, refused.Said);
        }
        catch (HttpRequestException ex)
        {
            return new WebhookPostResult(false, null, Said("Webhooks.Delivery.NoAnswer", ex.HttpRequestError.ToString()));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new WebhookPostResult(false, null, Said("Webhooks.Delivery.Timeout", http.Timeout.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private static Phrase Said(string key, params object?[] args) => new(() => CoreText.Format(key, args));

    private static T? Find<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
                return found;
        }
        return null;
    }
}
