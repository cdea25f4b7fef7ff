using System.Globalization;
using System.Net;

namespace StandingsManager.Core.Eve.Esi;

// The public war routes, for the war-target list: both sit in the killmail bucket (3,600 tokens per 15 minutes, per IP)
// and are cached for an hour, so every read is conditional and reports the bucket's headers for the caller's pacing.
public sealed partial class EsiClient
{
    /// <summary>How many ids one <c>GET /wars</c> page holds at most.</summary>
    public const int WarIdsPerPage = 2_000;

    private const string Killmail = "killmail";

    /// <summary>The gate's bucket for the war routes.</summary>
    public static readonly EsiBucketKey WarsBucket = new(Killmail, 0);

    private static readonly Route WarsGet = new(HttpMethod.Get, "/wars", Killmail);
    private static readonly Route WarGet = new(HttpMethod.Get, "/wars/{war_id}", Killmail);

    /// <summary>War ids, newest first, up to 2,000; with <paramref name="maxWarId"/> only ids below it (ESI's paging for this route).</summary>
    public async Task<EsiCachedRead<IReadOnlyList<long>>> GetWarIdsAsync(long? maxWarId, string? etag, CancellationToken ct)
    {
        var path = maxWarId is { } max ? Inv($"/wars?max_war_id={max}") : "/wars";
        var read = await GetCachedAsync<long[]>(WarsGet, path, etag, ct);
        return new(read.NotModified, read.Value, read.ETag, read.Expires, read.RateLimit, read.Calls);
    }

    /// <summary>One war; a 304 when <paramref name="etag"/> still matches.</summary>
    public Task<EsiCachedRead<EsiWar>> GetWarAsync(long warId, string? etag, CancellationToken ct) =>
        GetCachedAsync<EsiWar>(WarGet, Inv($"/wars/{warId}"), etag, ct);

    private async Task<EsiCachedRead<T>> GetCachedAsync<T>(Route route, string path, string? etag, CancellationToken ct) where T : class
    {
        var calls = new CallCount();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (!string.IsNullOrEmpty(etag))
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var response = await SendAsync(route, null, null, request, calls, ct);
        var limit = RateLimitOf(response);
        var expires = response.Content.Headers.Expires;
        if (response.StatusCode == HttpStatusCode.NotModified && !string.IsNullOrEmpty(etag))
            return new(true, null, Header(response, "ETag") ?? etag, expires, limit, calls.Value);
        await EnsureSuccessAsync(route, null, null, response, ct);
        var value = await ReadJsonAsync<T>(route, null, null, response, ct);
        return new(false, value, Header(response, "ETag"), expires, limit, calls.Value);
    }

    private static EsiRateLimit? RateLimitOf(HttpResponseMessage response)
    {
        if (Header(response, "X-Ratelimit-Group") is not { } group
            || EsiGate.ParseLimit(Header(response, "X-Ratelimit-Limit")) is not { } limit
            || !int.TryParse(Header(response, "X-Ratelimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining))
            return null;
        _ = int.TryParse(Header(response, "X-Ratelimit-Used"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var used);
        return new(group, limit.Tokens, limit.Window, remaining, used);
    }
}
