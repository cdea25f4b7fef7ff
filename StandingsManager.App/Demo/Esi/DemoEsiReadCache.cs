using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace StandingsManager.App.Demo.Esi;

/// <summary>
/// ESI's response cache for the authenticated contact reads: the first read of a URL is kept and served, unchanged,
/// until it expires, however the contacts change meanwhile. A read right after a write can therefore be stale, as on ESI.
/// </summary>
public sealed class DemoEsiReadCache(IOptions<DemoEsiOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DemoEsiReply> _replies = new(StringComparer.Ordinal);
    private int _adds;

    public TimeSpan Lifetime => TimeSpan.FromSeconds(Math.Max(0, options.Value.ReadCacheSeconds));

    /// <summary>The cached reply for this request while it is fresh, else the handler's reply, cached when it is a 200.</summary>
    public async Task<DemoEsiReply> GetOrAddAsync(HttpContext http, long? characterId, Func<Task<DemoEsiReply>> handler)
    {
        var lifetime = Lifetime;
        if (lifetime <= TimeSpan.Zero)
            return await handler();
        // One entry per character and URL (the page is in the query), as ESI keys its cache per path, query and token's character.
        var key = $"{characterId}|{http.Request.Path}{http.Request.QueryString}";
        var now = time.GetUtcNow();
        if (_replies.TryGetValue(key, out var cached) && cached.ExpiresAt > now)
            return cached;
        var reply = await handler();
        if (reply.StatusCode != StatusCodes.Status200OK || reply.Body is null)
            return reply;
        // The ETag is worked out once: most reads until expiry answer 304 and need nothing else. The body itself is not
        // kept serialised, so thousands of cached characters cost references, not copies of their JSON.
        var fresh = reply with { ExpiresAt = now + lifetime, ETag = DemoEsiPipeline.ETagOf(JsonSerializer.SerializeToUtf8Bytes(reply.Body, reply.Body.GetType(), DemoEsiPipeline.Json)) };
        _replies[key] = fresh;
        if (Interlocked.Increment(ref _adds) % 1024 == 0)
            Prune();
        return fresh;
    }

    /// <summary>Test and operator hook: forget every cached read, as if five minutes had passed.</summary>
    public void Clear() => _replies.Clear();

    /// <summary>Drops expired entries, so the cache does not grow with characters that are no longer read.</summary>
    public void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (key, reply) in _replies)
        {
            if (reply.ExpiresAt <= now)
                _replies.TryRemove(key, out _);
        }
    }
}
