using System.Net;

namespace StandingsManager.Core.Eve.Esi;

/// <summary>
/// An ESI call failed or answered something we could not read. The message names the route and status
/// and never contains the access token.
/// </summary>
public sealed class EsiException : Exception
{
    public EsiException(string route, HttpStatusCode? statusCode, string? esiError, bool isRetryable, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Route = route;
        StatusCode = statusCode;
        EsiError = esiError;
        IsRetryable = isRetryable;
    }

    /// <summary>Method and path template, e.g. <c>GET /characters/{character_id}/contacts</c>.</summary>
    public string Route { get; }
    public HttpStatusCode? StatusCode { get; }
    /// <summary>ESI's <c>error</c> text, if it sent one.</summary>
    public string? EsiError { get; }
    /// <summary>True when trying again later may succeed (5xx, 420, 429, transport failures).</summary>
    public bool IsRetryable { get; }

    /// <summary>
    /// For a write split into several calls: the ids earlier calls already wrote (created, edited or
    /// deleted) before this one failed, so the caller's ledger stays true to what EVE holds.
    /// </summary>
    public IReadOnlyList<long> Landed { get; private init; } = [];

    internal EsiException WithLanded(IReadOnlyList<long> landed) =>
        new(Route, StatusCode, EsiError, IsRetryable, Message, this) { Landed = landed };

    /// <summary>Whether a status is worth retrying later. 4xx other than 420/429 means the request itself is wrong.</summary>
    public static bool IsRetryableStatus(HttpStatusCode status) =>
        (int)status >= 500 || (int)status is 420 or 429 or 408;
}
