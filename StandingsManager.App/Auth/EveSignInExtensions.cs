using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.App.Demo;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Persistence;

namespace StandingsManager.App.Auth;

public static class EveSignInExtensions
{
    public const string EveScheme = "EVE";
    private const string LinkItem = "sm:link-character";

    /// <summary>Cookie sign-in through EVE SSO (OAuth 2.0 code flow, JWT access token validated against the JWKS).</summary>
    public static WebApplicationBuilder AddEveSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EveOptions>().BindConfiguration(EveOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EveOptions>, EveOptionsValidator>();
        // EVE asks for the same User-Agent on SSO calls as on ESI calls.
        builder.Services.AddHttpClient(EveAccessTokenValidator.HttpClientName, (sp, client) =>
            client.DefaultRequestHeaders.UserAgent.ParseAdd(EsiServiceCollectionExtensions.UserAgent(sp.GetRequiredService<IOptions<EveOptions>>().Value.UserAgentContact)));
        builder.Services.AddSingleton<EveAccessTokenValidator>();
        builder.Services.AddSingleton<EveSsoLocator>();
        builder.Services.AddSingleton<IEveSsoSettings>(sp => sp.GetRequiredService<EveSsoLocator>());
        builder.Services.AddSingleton<EveSsoClient>();
        builder.Services.AddSingleton<EveTokenStore>();
        builder.Services.AddSingleton<AccountCharacters>();
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<IClaimsTransformation, RoleClaimsTransformation>();

        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/access-denied";
                o.Cookie.Name = "standings.auth";
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromDays(7);
                o.SlidingExpiration = true;
            })
            .AddOAuth(EveScheme, _ => { });

        builder.Services.AddOptions<OAuthOptions>(EveScheme).Configure<EveSsoLocator, IHttpClientFactory>((o, locator, http) =>
        {
            o.Backchannel = http.CreateClient(EveAccessTokenValidator.HttpClientName); // the code exchange, with our User-Agent
            o.ClientId = locator.ClientId;
            o.ClientSecret = locator.ClientSecret;
            o.CallbackPath = locator.CallbackPath;
            // Resolved lazily: in demo mode the address is only known once the server listens.
            o.AuthorizationEndpoint = locator.BrowserAuthorizeUrl;
            o.TokenEndpoint = locator.BackChannel.Token.ToString();
            o.SaveTokens = false;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnCreatingTicket = CreateTicketAsync;
        });
        return builder;
    }

    /// <summary>EVE sends no id_token: identity comes from the validated access-token JWT.</summary>
    private static async Task CreateTicketAsync(OAuthCreatingTicketContext context)
    {
        var services = context.HttpContext.RequestServices;
        var locator = services.GetRequiredService<EveSsoLocator>();
        var validator = services.GetRequiredService<EveAccessTokenValidator>();
        var identity = await validator.ValidateAsync(context.AccessToken ?? "", locator.BackChannel.Jwks, context.Options.ClientId, context.HttpContext.RequestAborted);
        var ct = context.HttpContext.RequestAborted;

        // The callback path is the OAuth handler's own, so the cookie was not read for it: read it here.
        var session = context.Properties.Items.ContainsKey(LinkItem)
            ? (await context.HttpContext.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)).Principal
            : null;
        if (session?.AccountId() is { } currentAccount)
        {
            // "Add character": the character joins the signed-in account; the session stays the user's.
            await services.GetRequiredService<AccountCharacters>().LinkAsync(currentAccount, identity, context.RefreshToken, ct);
            await RefreshAffiliationAsync(services, identity.CharacterId, ct);
            services.GetRequiredService<EveTokenStore>().Remember(identity.CharacterId, context.AccessToken!, identity.ExpiresAt);
            context.Identity!.AddClaims(session.Claims.Where(c => c.Type is ClaimTypes.NameIdentifier or ClaimTypes.Name or ClaimsPrincipalExtensions.CharacterIdClaim));
            context.Properties.IsPersistent = true;
            return;
        }

        var accountId = await services.GetRequiredService<AccountSignIn>().SignInAsync(identity, ct);
        await RefreshAffiliationAsync(services, identity.CharacterId, ct);

        context.Identity!.AddClaims(
        [
            new Claim(ClaimTypes.NameIdentifier, accountId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, identity.Name),
            new Claim(ClaimsPrincipalExtensions.CharacterIdClaim, identity.CharacterId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        // Sign the visitor into our cookie; the OAuth scheme itself keeps nothing.
        context.Properties.IsPersistent = true;
    }

    /// <summary>The state depends on the main's corporation and alliance: learn them at once. ESI being down must not block sign-in.</summary>
    private static async Task RefreshAffiliationAsync(IServiceProvider services, long characterId, CancellationToken ct)
    {
        try
        {
            await services.GetRequiredService<EveDirectory>().RefreshCharactersAsync([characterId], ct);
        }
        catch (EsiException ex)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EveSignInExtensions))
                .LogWarning("Could not refresh the affiliation of character {CharacterId}: {Reason}", characterId, ex.Message);
        }
    }

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/auth/login", (string? returnUrl) =>
            TypedResults.Challenge(new AuthenticationProperties { RedirectUri = IsLocal(returnUrl) ? returnUrl : "/" }, [EveScheme]));

        // Adding a character asks for the contact scopes plus those the user's state requires; it returns to the
        // Characters page, or to the local page that sent the user (My Synced Characters grants missing scopes this way).
        app.MapGet("/auth/add-character", async (HttpContext context, string? returnUrl, ActorLoader actors, AccessStates states, IDbContextFactory<StandingsDbContext> dbFactory) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(context.RequestAborted);
            var actor = await actors.LoadAsync(db, context.User.RequireAccountId(), context.RequestAborted);
            var properties = new OAuthChallengeProperties { RedirectUri = IsLocal(returnUrl) ? returnUrl : "/characters", Scope = [.. states.RequiredScopes(actor.State)] };
            properties.Items[LinkItem] = "1";
            return TypedResults.Challenge(properties, [EveScheme]);
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
