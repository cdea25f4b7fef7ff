namespace StandingsManager.App.Demo.Esi;

public enum DemoEsiFaultKind
{
    /// <summary>A 5xx with ESI's body for that status (502, 503 downtime, 504 timeout, 500, 520).</summary>
    ServerError,
    /// <summary>A 420 with ESI's error-limit body; the real error-limit headers still tell the truth, like ESI's monolith 420s.</summary>
    ErrorLimited,
    /// <summary>A 429 with Retry-After, as a bucket or a game-side limiter sends.</summary>
    RateLimited,
    /// <summary>Holds the request for <see cref="DemoEsiFault.Delay"/> (until the client gives up), then answers 504.</summary>
    Timeout,
    /// <summary>The real answer, spoiled as <see cref="DemoEsiFault.Malformation"/> says.</summary>
    MalformedBody,
    /// <summary>A 401 as for an access token EVE no longer accepts (its grant was revoked in the meantime).</summary>
    Unauthorized,
}

/// <summary>How a <see cref="DemoEsiFaultKind.MalformedBody"/> fault spoils the real answer.</summary>
public enum DemoEsiMalformation
{
    /// <summary>The JSON is cut off half-way, as if the connection or a proxy mangled it.</summary>
    Truncated,
    /// <summary>The first item of the answer's array (or of its first non-empty array property) becomes <c>null</c>.</summary>
    NullItem,
    /// <summary>The first item (or the answer object itself) loses <see cref="DemoEsiFault.Field"/>, or its first property.</summary>
    MissingField,
    /// <summary>The body is intact but <c>X-Pages</c> claims 101 pages, more than any contact list can have.</summary>
    TooManyPages,
}

/// <summary>
/// One injected failure. <see cref="Route"/> is the route pattern as mapped (e.g.
/// <c>/characters/{character_id}/contacts</c>), <see cref="Method"/> an HTTP method and
/// <see cref="CharacterId"/> the path's character; null means "any".
/// </summary>
public sealed record DemoEsiFault(
    DemoEsiFaultKind Kind,
    string? Route = null,
    string? Method = null,
    long? CharacterId = null,
    int StatusCode = 503,
    TimeSpan? RetryAfter = null,
    TimeSpan? Delay = null,
    int Skip = 0,
    DemoEsiMalformation Malformation = DemoEsiMalformation.Truncated,
    string? Field = null)
{
    public bool Matches(string method, string route, long? characterId) =>
        (Route is null || string.Equals(Route, route, StringComparison.OrdinalIgnoreCase))
        && (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (CharacterId is null || CharacterId == characterId);
}

/// <summary>
/// Queued one-shot failures for the simulated ESI, for tests and for a demo operator who wants to see
/// the app cope. Each queued fault fires on the first matching request and is then gone.
/// </summary>
public sealed class DemoEsiFaults
{
    private readonly Lock _gate = new();
    private readonly List<DemoEsiFault> _queue = [];
    private readonly HashSet<(long CharacterId, long ContactId)> _refusedAdds = [];

    /// <summary>When on, ESI answers 503 "tranquility unavailable" during EVE's daily downtime, 11:00 to 11:15 UTC. Off by default so wall-clock time never breaks a test.</summary>
    public bool SimulateDailyDowntime { get; set; }

    public int Pending
    {
        get
        {
            lock (_gate)
                return _queue.Count;
        }
    }

    public void Enqueue(DemoEsiFault fault, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_gate)
            _queue.AddRange(Enumerable.Repeat(fault, times));
    }

    /// <summary>A burst of <paramref name="count"/> 5xx answers (502, 503 or 504 like ESI's gateway, or 500/520).</summary>
    public void ServerErrors(int count, int statusCode = 503, string? route = null, long? characterId = null, string? method = null)
    {
        if (statusCode is < 500 or > 599)
            throw new ArgumentOutOfRangeException(nameof(statusCode), "A server error is a 5xx.");
        Enqueue(new DemoEsiFault(DemoEsiFaultKind.ServerError, route, method, characterId, statusCode), count);
    }

    /// <param name="skip">How many matching requests go through untouched first, e.g. to fail the second call of a batch.</param>
    public void ErrorLimited(string? route = null, long? characterId = null, string? method = null, int skip = 0) =>
        Enqueue(new DemoEsiFault(DemoEsiFaultKind.ErrorLimited, route, method, characterId, 420, Skip: skip));

    public void RateLimited(TimeSpan retryAfter, string? route = null, long? characterId = null, string? method = null, int skip = 0) =>
        Enqueue(new DemoEsiFault(DemoEsiFaultKind.RateLimited, route, method, characterId, 429, retryAfter, Skip: skip));

    /// <summary>The request hangs for <paramref name="delay"/> of the app's TimeProvider, or until the client hangs up.</summary>
    public void Timeout(TimeSpan delay, string? route = null, long? characterId = null, string? method = null) =>
        Enqueue(new DemoEsiFault(DemoEsiFaultKind.Timeout, route, method, characterId, 504, Delay: delay));

    /// <summary>A 200 whose JSON body is cut off mid-way.</summary>
    public void MalformedJson(string? route = null, long? characterId = null, string? method = null) =>
        MalformedBody(DemoEsiMalformation.Truncated, route, characterId, method);

    /// <param name="field">For <see cref="DemoEsiMalformation.MissingField"/>: the JSON property to drop (snake_case); the first one when null.</param>
    public void MalformedBody(DemoEsiMalformation how, string? route = null, long? characterId = null, string? method = null, string? field = null) =>
        Enqueue(new DemoEsiFault(DemoEsiFaultKind.MalformedBody, route, method, characterId, 200, Malformation: how, Field: field));

    public void Unauthorized(string? route = null, long? characterId = null, string? method = null, int skip = 0) =>
        Enqueue(new DemoEsiFault(DemoEsiFaultKind.Unauthorized, route, method, characterId, 401, Skip: skip));

    /// <summary>
    /// From now on, adding these contacts to this character "succeeds" with a 201 that leaves them out of the created
    /// list, as ESI's POST may: the caller has to compare what it sent with what was created.
    /// </summary>
    public void RefuseAdds(long characterId, params long[] contactIds)
    {
        lock (_gate)
        {
            foreach (var id in contactIds)
                _refusedAdds.Add((characterId, id));
        }
    }

    public bool IsAddRefused(long characterId, long contactId)
    {
        lock (_gate)
            return _refusedAdds.Contains((characterId, contactId));
    }

    /// <summary>Removes and returns the first fault matching the request, if any.</summary>
    public DemoEsiFault? Take(string method, string route, long? characterId)
    {
        lock (_gate)
        {
            var index = _queue.FindIndex(f => f.Matches(method, route, characterId));
            if (index < 0)
                return null;
            var fault = _queue[index];
            if (fault.Skip > 0)
            {
                _queue[index] = fault with { Skip = fault.Skip - 1 };
                return null;
            }
            _queue.RemoveAt(index);
            return fault;
        }
    }
}
