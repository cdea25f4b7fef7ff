using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;
using StandingsManager.Core.Accounts;

namespace StandingsManager.App.Auth;

/// <summary>
/// Ties each auth cookie to a session on the server (<see cref="AccountSessions"/>): signing out ends the session, so a
/// copy of the cookie stops working too; other browsers of the same account stay signed in. A positive check is cached
/// briefly, so a page's burst of requests costs one query; signing out evicts it at once in this process. Wired as
/// delegates on the cookie's events, not as its events type, so other areas (the hub's bare 401/403) can add theirs.
/// </summary>
internal sealed class SessionCookieEvents(AccountSessions sessions, IMemoryCache cache)
{
    public const string SessionClaim = "sm:session";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    public async Task SigningInAsync(CookieSigningInContext context)
    {
        // "Add character" re-issues the cookie with the session it already names; only a sign-in starts one.
        if (context.Principal is not { } principal || principal.HasClaim(c => c.Type == SessionClaim) || principal.AccountId() is not { } accountId)
            return;
        var sessionId = await sessions.StartAsync(accountId, context.Options.ExpireTimeSpan, context.HttpContext.RequestAborted);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionClaim, sessionId));
    }

    public async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var sessionId = context.Principal?.FindFirstValue(SessionClaim);
        var accountId = context.Principal?.AccountId();
        if (sessionId is null || accountId is null || !await IsActiveAsync(sessionId, accountId.Value, context.HttpContext.RequestAborted))
        {
            // Ended (signed out), expired, or a cookie from before sessions: the visitor is anonymous and the cookie goes.
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
            return;
        }
        if (context.ShouldRenew)
            await sessions.ExtendAsync(sessionId, context.Options.ExpireTimeSpan, context.HttpContext.RequestAborted);
    }

    public async Task SigningOutAsync(CookieSigningOutContext context)
    {
        if (context.HttpContext.User.FindFirstValue(SessionClaim) is not { } sessionId)
            return;
        cache.Remove(CacheKey(sessionId));
        await sessions.EndAsync(sessionId, context.HttpContext.RequestAborted);
    }

    private async Task<bool> IsActiveAsync(string sessionId, int accountId, CancellationToken ct)
    {
        if (cache.TryGetValue(CacheKey(sessionId), out int cachedAccount) && cachedAccount == accountId)
            return true;
        if (!await sessions.IsActiveAsync(sessionId, accountId, ct))
            return false;
        cache.Set(CacheKey(sessionId), accountId, CacheFor);
        return true;
    }

    /// <summary>Drops the cached "still active" answer, once a re-check found the session ended.</summary>
    public static void Forget(IMemoryCache cache, string sessionId) => cache.Remove(CacheKey(sessionId));

    private static (string, string) CacheKey(string sessionId) => ("sm:session", sessionId);
}
