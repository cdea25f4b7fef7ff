using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using StandingsManager.Core.Eve.Sso;

namespace StandingsManager.App.Auth;

public static class EveSignInExtensions
{
    public const string EveScheme = "EVE";

    /// <summary>Cookie sign-in through EVE SSO (OAuth 2.0 code flow, JWT access token validated against the JWKS).</summary>
    public static WebApplicationBuilder AddEveSignIn(this WebApplicationBuilder builder)
    {
        // Outside Development every cookie is Secure: behind a TLS proxy (forwarded headers) the browser leg is HTTPS.
        var secure = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = secure);
        builder.Services.AddSingleton<EveSsoLocator>();
        builder.Services.AddSingleton<IEveSsoSettings>(sp => sp.GetRequiredService<EveSsoLocator>());
        builder.Services.AddScoped<EveSignInEvents>();
        builder.Services.AddScoped<SessionCookieEvents>();
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
                o.Cookie.SecurePolicy = secure;
                o.ExpireTimeSpan = TimeSpan.FromDays(7);
                o.SlidingExpiration = true;
                // Each cookie names a server-side session, which signing out ends.
                o.Events.OnSigningIn = c => Sessions(c.HttpContext).SigningInAsync(c);
                o.Events.OnValidatePrincipal = c => Sessions(c.HttpContext).ValidatePrincipalAsync(c);
                o.Events.OnSigningOut = c => Sessions(c.HttpContext).SigningOutAsync(c);
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
            o.CorrelationCookie.SecurePolicy = secure;
            o.EventsType = typeof(EveSignInEvents);
        });
        return builder;
    }

    private static SessionCookieEvents Sessions(HttpContext context) => context.RequestServices.GetRequiredService<SessionCookieEvents>();
}
