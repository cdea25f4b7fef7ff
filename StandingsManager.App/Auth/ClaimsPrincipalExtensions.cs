using System.Globalization;
using System.Security.Claims;

namespace StandingsManager.App.Auth;

public static class ClaimsPrincipalExtensions
{
    public const string CharacterIdClaim = "eve:character_id";

    /// <summary>The signed-in account's id, from the auth cookie the server issued.</summary>
    public static int? AccountId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    public static int RequireAccountId(this ClaimsPrincipal user) =>
        user.AccountId() ?? throw new InvalidOperationException("Not signed in.");
}
