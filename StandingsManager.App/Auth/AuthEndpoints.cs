using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Persistence;

namespace StandingsManager.App.Auth;

/// <summary>Sign-in, "Add character" and sign-out.</summary>
public static class AuthEndpoints
{
    /// <summary>The <c>purpose</c> of an add-character that also grants reading the organisation's in-game contacts.</summary>
    public const string OrgContactsPurpose = "org-contacts";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/auth/login", (string? returnUrl) =>
            TypedResults.Challenge(new AuthenticationProperties { RedirectUri = IsLocal(returnUrl) ? returnUrl : "/" }, [EveSignInExtensions.EveScheme]));

        // Adding a character asks for the contact scopes plus those the user's state requires; it returns to the
        // Characters page, or to the local page that sent the user (My Synced Characters grants missing scopes this way).
        // With purpose=org-contacts an administrator also grants reading the alliance's and corporation's in-game
        // contacts (the import from game); EVE grants whichever of the two the character may use.
        app.MapGet("/auth/add-character", async (HttpContext context, string? returnUrl, string? purpose, ActorLoader actors, AccessStates states,
            IDbContextFactory<StandingsDbContext> dbFactory) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(context.RequestAborted);
            var actor = await actors.LoadAsync(db, context.User.RequireAccountId(), context.RequestAborted);
            IEnumerable<string> scopes = states.RequiredScopes(actor.State);
            if (purpose == OrgContactsPurpose)
            {
                if (!actor.Has(Role.Administrator))
                    return Results.Forbid();
                scopes = scopes.Union(EveScopes.OrganisationContacts);
            }
            var properties = new OAuthChallengeProperties { RedirectUri = IsLocal(returnUrl) ? returnUrl : "/characters", Scope = [.. scopes] };
            properties.Items[EveSignInEvents.LinkItem] = "1";
            return Results.Challenge(properties, [EveSignInExtensions.EveScheme]);
        }).RequireAuthorization();

        app.MapPost("/auth/logout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
                return Results.BadRequest("Sign-out needs the form's antiforgery token; reload the page and try again.");
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/");
        }).DisableAntiforgery(); // validated explicitly above: the endpoint reads no form model
        return app;
    }

    /// <summary>
    /// The framework's local-URL rule (LocalRedirect's: "/x", never "//x" or "/\\x"), and stricter: no control character and
    /// no backslash anywhere, since browsers strip tabs and line breaks ("/%09/x" becomes "//x") and read "\\" as "/".
    /// </summary>
    internal static bool IsLocal([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/' || (url.Length > 1 && url[1] is '/' or '\\'))
            return false;
        foreach (var c in url)
        {
            if (char.IsControl(c) || c == '\\')
                return false;
        }
        return true;
    }
}
