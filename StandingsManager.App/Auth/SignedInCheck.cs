using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using StandingsManager.Core.Accounts;

namespace StandingsManager.App.Auth;

/// <summary>
/// Checks a principal that was signed in when a page or a hub connection opened against the database now: its session
/// row must still exist and its roles are read again. The answer is anonymous when the session ended (signed out,
/// expired, ended by an administrator or by deactivation) or the account is gone.
/// </summary>
public sealed class SignedInCheck(AccountSessions sessions, IMemoryCache cache, IServiceScopeFactory scopes)
{
    public async Task<ClaimsPrincipal> RecheckAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var sessionId = user.FindFirstValue(SessionCookieEvents.SessionClaim);
        if (user.AccountId() is not { } accountId || sessionId is null)
            return Anonymous;
        if (!await sessions.IsActiveAsync(sessionId, accountId, ct))
        {
            // The browser's next request (the sign-in page this sends it to) must not be let in by the cookie check's cache.
            SessionCookieEvents.Forget(cache, sessionId);
            return Anonymous;
        }
        // The cookie's identity stays; the roles identity the transformation added is read again from the database.
        var signedIn = new ClaimsPrincipal(user.Identities.Where(i => !i.HasClaim(c => c.Type == RoleClaimsTransformation.Marker)));
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IClaimsTransformation>().TransformAsync(signedIn);
    }

    public static ClaimsPrincipal Anonymous => new(new ClaimsIdentity());

    /// <summary>The roles the principal carries, to tell whether a recheck changed anything.</summary>
    public static IReadOnlySet<string> RolesOf(ClaimsPrincipal user) =>
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
}
