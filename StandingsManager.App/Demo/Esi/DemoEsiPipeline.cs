using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace StandingsManager.App.Demo.Esi;

/// <summary>How one simulated ESI route is guarded and cached; mirrors the spec's scope, x-rate-limit and x-cache-age.</summary>
public sealed record DemoEsiRoute(string Method, string Pattern, string? Scope = null, DemoEsiBucketLimiter.Group? Group = null, TimeSpan? CacheFor = null);

/// <summary>One request as the route handler sees it, after the gateway let it through; <see cref="CallerId"/> is the token's character.</summary>
public sealed record DemoEsiCall(HttpContext Http, long? CharacterId, long? CallerId = null);

/// <summary>What a handler answers; the pipeline adds ESI's headers and writes it.</summary>
public sealed record DemoEsiReply(int StatusCode, object? Body = null, int? Pages = null, DateTimeOffset? LastModified = null, IReadOnlyDictionary<string, string>? Headers = null,
    DateTimeOffset? ExpiresAt = null, string? ETag = null)
{
    public static DemoEsiReply Error(int statusCode, string message) => new(statusCode, new DemoEsiError(message));
}

public sealed record DemoEsiError(string Error, int? SsoStatus = null, int? Timeout = null);

/// <summary>
/// ESI's gateway in front of every simulated route, in ESI's order: error limit (420 everywhere),
/// bucket limit (429), token checks (401/403), downtime and injected faults, then the route itself;
/// finally ETag/304, the limit headers and the compatibility-date echo.
/// </summary>
public sealed class DemoEsiPipeline(DemoEsiAuth auth, DemoEsiErrorLimiter errorLimit, DemoEsiBucketLimiter buckets, DemoEsiFaults faults, DemoEsiReadCache cache,
    IOptions<DemoEsiOptions> options, TimeProvider time)
{
    public const string ErrorLimitMessage = "This software has exceeded the error limit for ESI. If you are a user, please contact the maintainer of this software. If you are a developer/maintainer, please make a greater effort in the future to receive valid responses. For tips on how, come have a chat with us in ##3rd-party-dev-and-esi on the EVE Online Discord. https://www.eveonline.com/discord";

    /// <summary>The compatibility dates ESI listed in 2026-09 (docs/esi-notes.md §1); the echo is the newest one not after the requested date.</summary>
    private static readonly DateOnly[] CompatibilityDates = [.. new[]
    {
        "2020-01-01", "2025-04-01", "2025-04-02", "2025-08-26", "2025-09-26", "2025-09-30", "2025-11-06", "2025-12-16",
        "2026-05-19", "2026-06-09", "2026-07-17", "2026-07-21", "2026-08-04", "2026-08-18",
    }.Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture))];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task RunAsync(HttpContext http, DemoEsiRoute route, Func<DemoEsiCall, Task<DemoEsiReply>> handler)
    {
        // ESI errors carry JSON bodies; the app's "not found" page must not replace them.
        if (http.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
            statusPages.Enabled = false;
        http.Response.Headers["X-Compatibility-Date"] = EffectiveCompatibilityDate(http.Request);
        if (options.Value.LatencyMs > 0)
            await Task.Delay(TimeSpan.FromMilliseconds(options.Value.LatencyMs), time, http.RequestAborted);

        long? characterId = null;
        if (http.Request.RouteValues.TryGetValue("character_id", out var raw))
        {
            if (!long.TryParse(raw?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                await FinishAsync(http, route, null, DemoEsiReply.Error(400, "character_id must be a 64-bit integer"), countsForBucket: true);
                return;
            }
            characterId = parsed;
        }

        DemoEsiCaller? caller = null;
        DemoEsiReply? refusal = null;
        if (route.Scope is not null)
        {
            var result = await auth.AuthenticateAsync(http.Request);
            caller = result.Caller;
            if (caller is null)
                refusal = DemoEsiReply.Error(StatusCodes.Status401Unauthorized, result.Error!);
            // Character routes serve only the token's own character; organisation routes check membership in their handler.
            else if (http.Request.RouteValues.ContainsKey("character_id") && caller.CharacterId != characterId)
                refusal = new DemoEsiReply(403, new DemoEsiError("authed character does not match the character in the path", SsoStatus: 200));
            else if (!caller.Scopes.Contains(route.Scope))
                refusal = new DemoEsiReply(403, new DemoEsiError("token not valid for scope", SsoStatus: 200));
        }
        // Authenticated buckets belong to (application, character); anonymous ones to the source address.
        var bucketUser = caller is not null ? $"{caller.ApplicationId}:{caller.CharacterId}" : $"ip:{http.Connection.RemoteIpAddress}";

        if (errorLimit.Current().Exhausted)
        {
            // The limiter answers before anything else and spends no bucket tokens.
            await FinishAsync(http, route, bucketUser, DemoEsiReply.Error(420, ErrorLimitMessage), countsForBucket: false);
            return;
        }
        if (route.Group is { } group && buckets.RetryAfter(group, bucketUser) is { } wait)
        {
            await FinishAsync(http, route, bucketUser, TooManyRequests(wait), countsForBucket: true);
            return;
        }
        if (refusal is not null)
        {
            await FinishAsync(http, route, bucketUser, refusal, countsForBucket: true);
            return;
        }
        if (faults.SimulateDailyDowntime && IsDowntime(time.GetUtcNow()))
        {
            await FinishAsync(http, route, bucketUser, ServerError(503), countsForBucket: true);
            return;
        }

        var fault = faults.Take(http.Request.Method, route.Pattern, characterId);
        DemoEsiReply reply;
        switch (fault?.Kind)
        {
            case DemoEsiFaultKind.ServerError:
                reply = ServerError(fault.StatusCode);
                break;
            case DemoEsiFaultKind.ErrorLimited:
                reply = DemoEsiReply.Error(420, ErrorLimitMessage);
                break;
            case DemoEsiFaultKind.Unauthorized:
                reply = new DemoEsiReply(401, new DemoEsiError("token is expired or revoked", SsoStatus: 401));
                break;
            case DemoEsiFaultKind.RateLimited:
                reply = TooManyRequests(fault.RetryAfter ?? TimeSpan.FromSeconds(60));
                break;
            case DemoEsiFaultKind.Timeout:
                try
                {
                    await Task.Delay(fault.Delay ?? TimeSpan.FromMinutes(5), time, http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return; // the client gave up first, which is the point of this fault
                }
                reply = ServerError(504);
                break;
            case DemoEsiFaultKind.MalformedBody:
                var real = await handler(new DemoEsiCall(http, characterId, caller?.CharacterId));
                if (fault.Malformation == DemoEsiMalformation.TooManyPages)
                {
                    reply = real with { Pages = 101 };
                    break;
                }
                await FinishMalformedAsync(http, route, bucketUser, real, fault);
                return;
            default:
                var call = new DemoEsiCall(http, characterId, caller?.CharacterId);
                // Only the authenticated contact reads are served from ESI's cache here; public reads have no state to go stale.
                // The cache is keyed by the token's character, so one member's cached read never reaches a non-member.
                reply = HttpMethods.IsGet(http.Request.Method) && route.Scope is not null && route.CacheFor is not null
                    ? await cache.GetOrAddAsync(http, caller?.CharacterId, () => handler(call))
                    : await handler(call);
                break;
        }
        await FinishAsync(http, route, bucketUser, reply, countsForBucket: true);
    }

    /// <summary>EVE's daily downtime starts at 11:00 UTC and nominally lasts a quarter of an hour.</summary>
    public static bool IsDowntime(DateTimeOffset now) => now.UtcDateTime.TimeOfDay is var t && t >= TimeSpan.FromHours(11) && t < new TimeSpan(11, 15, 0);

    private static DemoEsiReply TooManyRequests(TimeSpan wait) =>
        new(429, new DemoEsiError("Too many requests"),
            Headers: new Dictionary<string, string> { ["Retry-After"] = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture) });

    private static DemoEsiReply ServerError(int status) => status switch
    {
        502 => DemoEsiReply.Error(502, "Bad gateway"),
        503 => DemoEsiReply.Error(503, "The datasource tranquility is temporarily unavailable"),
        504 => new DemoEsiReply(504, new DemoEsiError("Timeout contacting tranquility", Timeout: 10)),
        520 => DemoEsiReply.Error(520, "Internal error thrown from the EVE server"),
        _ => DemoEsiReply.Error(status, "Unhandled internal error encountered!"),
    };

    private async Task FinishAsync(HttpContext http, DemoEsiRoute route, string? bucketUser, DemoEsiReply reply, bool countsForBucket)
    {
        var response = http.Response;
        var status = reply.StatusCode;
        byte[]? body = null;
        var isRead = HttpMethods.IsGet(http.Request.Method);
        var etag = reply.ETag;
        if (reply.Body is not null && (etag is null || !(isRead && status == 200 && Matches(http.Request, etag))))
        {
            body = JsonSerializer.SerializeToUtf8Bytes(reply.Body, reply.Body.GetType(), Json);
            etag ??= ETagOf(body);
        }
        if (isRead && status == 200 && reply.Body is not null)
        {
            response.Headers.ETag = etag;
            if (Matches(http.Request, etag!))
            {
                status = StatusCodes.Status304NotModified;
                body = null;
            }
        }
        if (isRead && status is 200 or 304 && route.CacheFor is { } ttl)
        {
            var now = time.GetUtcNow();
            response.Headers.CacheControl = $"{(route.Scope is null ? "public" : "private")}, max-age={(int)ttl.TotalSeconds}";
            response.Headers.Expires = (reply.ExpiresAt ?? now + ttl).ToString("R", CultureInfo.InvariantCulture);
            response.Headers.LastModified = (reply.LastModified ?? now).ToString("R", CultureInfo.InvariantCulture);
        }
        if (reply.Pages is { } pages)
            response.Headers["X-Pages"] = pages.ToString(CultureInfo.InvariantCulture);
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            response.Headers[name] = value;

        WriteLimitHeaders(response, route, bucketUser, status, countsForBucket);
        response.StatusCode = status;
        if (body is not null)
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.Body.WriteAsync(body, http.RequestAborted);
        }
    }

    /// <summary>A stable hash of exactly what would be sent, so unchanged content keeps its ETag.</summary>
    public static string ETagOf(byte[] body) => $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"";

    private static bool Matches(HttpRequest request, string etag) =>
        request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*"));

    /// <summary>The real answer, spoiled as the fault says: cut off half-way, a null item or a field left out.</summary>
    private async Task FinishMalformedAsync(HttpContext http, DemoEsiRoute route, string bucketUser, DemoEsiReply real, DemoEsiFault fault)
    {
        var json = real.Body is null ? "{" : JsonSerializer.Serialize(real.Body, real.Body.GetType(), Json);
        var spoiled = fault.Malformation switch
        {
            DemoEsiMalformation.Truncated => json[..Math.Max(1, json.Length / 2)],
            _ => Spoil(JsonNode.Parse(json), fault),
        };
        // A 204 may not carry a body, so the garbled answer is a 200 like the GETs'.
        var status = real.StatusCode == 204 ? 200 : real.StatusCode;
        WriteLimitHeaders(http.Response, route, bucketUser, status, countsForBucket: true);
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(spoiled, http.RequestAborted);
    }

    private static string Spoil(JsonNode? body, DemoEsiFault fault)
    {
        // The items are the top-level array, or the first non-empty array of an object answer such as /universe/ids.
        var items = body as JsonArray ?? (body as JsonObject)?.Select(p => p.Value).OfType<JsonArray>().FirstOrDefault(a => a.Count > 0);
        if (fault.Malformation == DemoEsiMalformation.NullItem && items is { Count: > 0 })
            items[0] = null;
        if (fault.Malformation == DemoEsiMalformation.MissingField && (items?.FirstOrDefault() as JsonObject ?? body as JsonObject) is { Count: > 0 } item)
            item.Remove(fault.Field ?? item.First().Key);
        return body?.ToJsonString() ?? "null";
    }

    /// <summary>Every response counts toward the error limit; bucket routes show X-Ratelimit-*, the rest X-ESI-Error-Limit-* (never both, as on ESI).</summary>
    private void WriteLimitHeaders(HttpResponse response, DemoEsiRoute route, string? bucketUser, int status, bool countsForBucket)
    {
        var errors = errorLimit.Record(status);
        if (route.Group is { } group && bucketUser is not null)
        {
            var charged = countsForBucket ? buckets.Charge(group, bucketUser, status) : new DemoEsiBucketLimiter.Snapshot(buckets.Remaining(group, bucketUser), 0);
            response.Headers["X-Ratelimit-Group"] = group.Name;
            response.Headers["X-Ratelimit-Limit"] = group.LimitHeader;
            response.Headers["X-Ratelimit-Remaining"] = charged.Remaining.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-Ratelimit-Used"] = charged.Used.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            response.Headers["X-ESI-Error-Limit-Remain"] = errors.Remain.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-ESI-Error-Limit-Reset"] = errors.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static string EffectiveCompatibilityDate(HttpRequest request)
    {
        var requested = request.Headers["X-Compatibility-Date"].FirstOrDefault() ?? request.Query["compatibility_date"].FirstOrDefault();
        // "If none is sent, the oldest available compatibility date is used."
        if (!DateOnly.TryParseExact(requested, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return "2020-01-01";
        return CompatibilityDates.LastOrDefault(d => d <= date, CompatibilityDates[0]).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
