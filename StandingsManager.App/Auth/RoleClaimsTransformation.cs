using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Persistence;

namespace StandingsManager.App.Auth;

/// <summary>
/// Adds role claims read from the database on every request, so a granted or revoked role takes
/// effect at once and a deactivated account loses access, whatever its cookie says.
/// </summary>
internal sealed class RoleClaimsTransformation(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors) : IClaimsTransformation
{
    private const string Marker = "sm:roles-loaded";

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.AccountId() is not { } accountId || principal.HasClaim(c => c.Type == Marker))
            return principal;
        await using var db = await dbFactory.CreateDbContextAsync();
        Actor actor;
        try
        {
            actor = await actors.LoadAsync(db, accountId, CancellationToken.None);
        }
        catch (WorkflowException)
        {
            return new ClaimsPrincipal(new ClaimsIdentity()); // account gone or deactivated: anonymous
        }
        var identity = new ClaimsIdentity([new Claim(Marker, "1")]);
        identity.AddClaims(actor.Roles.Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        var result = principal.Clone();
        result.AddIdentity(identity);
        return result;
    }
}
