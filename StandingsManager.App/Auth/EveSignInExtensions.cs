using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Options;
using StandingsManager.App.Demo;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;

namespace StandingsManager.App.Auth;

public static class EveSignInExtensions
{
    public const string EveScheme = "EVE";

    /// <summary>Cookie sign-in through EVE SSO (OAuth 2.0 code flow, JWT access token validated against the JWKS).</summary>
    public static WebApplicationBuilder AddEveSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EveOptions>().BindConfiguration(EveOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EveOptions>, EveOptionsValidator>();
        builder.Services.AddHttpClient(EveAccessTokenValidator.HttpClientName);
        builder.Services.AddSingleton<EveAccessTokenValidator>();
        builder.Services.AddSingleton<EveSsoLocator>();
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

        builder.Services.AddOptions<OAuthOptions>(EveScheme).Configure<IOptions<EveOptions>, EveSsoLocator>((o, eve, locator) =>
        {
            o.ClientId = eve.Value.IsDemo ? DemoEve.ClientId : eve.Value.ClientId!;
            o.ClientSecret = eve.Value.IsDemo ? DemoEve.ClientSecret : eve.Value.ClientSecret!;
            o.CallbackPath = eve.Value.CallbackPath;
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
        var accountId = await services.GetRequiredService<AccountSignIn>().SignInAsync(identity, context.HttpContext.RequestAborted);

        context.Identity!.AddClaims(
        [
            new Claim(ClaimTypes.NameIdentifier, accountId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, identity.Name),
            new Claim(ClaimsPrincipalExtensions.CharacterIdClaim, identity.CharacterId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        // Sign the visitor into our cookie; the OAuth scheme itself keeps nothing.
        context.Properties.IsPersistent = true;
    }

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/auth/login", (string? returnUrl) =>
            TypedResults.Challenge(new AuthenticationProperties { RedirectUri = IsLocal(returnUrl) ? returnUrl : "/" }, [EveScheme]));

        app.MapPost("/auth/logout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
                return Results.BadRequest("Sign-out needs the form's antiforgery token; reload the page and try again.");
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/");
        }).DisableAntiforgery(); // validated explicitly above: the endpoint reads no form model
        return app;
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
