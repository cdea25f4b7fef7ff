using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Persistence;

namespace StandingsManager.App.Auth;

/// <summary>
/// Adds role claims read from the database, so a granted or revoked role, a changed state or a
/// deactivated account count within seconds, whatever the cookie says. Every workflow call checks
/// the database again; these claims only decide which pages open and which buttons show.
/// </summary>
internal sealed class RoleClaimsTransformation(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, RoleChanges roleChanges, IMemoryCache cache)
    : IClaimsTransformation
{
    /// <summary>Marks the identity this transformation adds, so it runs once per request and can be taken off again.</summary>
    public const string Marker = "sm:roles-loaded";
    // Short, so changes show quickly; long enough that a page's burst of asset requests costs one query.
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.AccountId() is not { } accountId || principal.HasClaim(c => c.Type == Marker))
            return principal;
        // Keyed on the role-change version too: a grant or withdrawal counts from the very next request.
        var roles = await cache.GetOrCreateAsync(("sm:roles", accountId, roleChanges.Version), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            await using var db = await dbFactory.CreateDbContextAsync();
            try
            {
                return (await actors.LoadAsync(db, accountId, CancellationToken.None)).Roles;
            }
            catch (WorkflowException)
            {
                return null; // account gone or deactivated
            }
        });
        if (roles is null)
            return new ClaimsPrincipal(new ClaimsIdentity()); // anonymous from here on

        var identity = new ClaimsIdentity([new Claim(Marker, "1")]);
        identity.AddClaims(roles.Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        var result = principal.Clone();
        result.AddIdentity(identity);
        return result;
    }
}
