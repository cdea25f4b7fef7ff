using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using StandingsManager.App.Demo.Esi;
using StandingsManager.App.Deployment;
using StandingsManager.Core;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;

namespace StandingsManager.App.Demo;

/// <summary>
/// The built-in simulated EVE SSO, served at EVE's own paths when no <c>Eve:ClientId</c> is configured.
/// The app signs in through it with the same OAuth handler and JWT validation it uses against EVE.
/// </summary>
public static class DemoEve
{
    public const string ClientId = "standingsmanager-demo";
    public const string ClientSecret = "demo-secret";

    public static WebApplicationBuilder AddDemoEve(this WebApplicationBuilder builder)
    {
        // Checked on every start: an empty client id alone must not open the demo (and its Administrator) to anyone.
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DemoOptions>, DemoOptionsValidator>();
        // A production instance carries none of the simulator.
        if (!EveOptions.IsDemoConfigured(builder.Configuration))
            return builder;
        builder.Services.AddSingleton<DemoSsoServer>();
        builder.Services.AddSingleton<DemoSeeder>();
        // Registered after the database's start-up step, so it seeds a database that is checked and migrated.
        builder.Services.AddHostedService<DemoSeeding>();
        builder.Services.AddDemoEsi();
        // The demo's home organisation is the demo alliance, unless the operator named one.
        builder.Services.PostConfigure<StandingsOptions>(o =>
        {
            if (o.Organization.CorporationIds.Length == 0 && o.Organization.AllianceIds.Length == 0)
                o.Organization.AllianceIds = [DemoUniverse.HomeAllianceId];
        });
        return builder;
    }

    public static WebApplication MapDemoEve(this WebApplication app)
    {
        // Read, not validated, here: validation reports every settings problem at start-up, all at once.
        if (!EveOptions.IsDemoConfigured(app.Configuration))
            return app;

        app.MapGet(EveSsoEndpoints.AuthorizePath, (HttpRequest request) =>
        {
            var q = request.Query;
            if (q["response_type"] != "code" || q["client_id"] != ClientId || !IsSameHost(q["redirect_uri"], request) || string.IsNullOrEmpty(q["state"]))
                return Results.BadRequest(new { error = "invalid_request", error_description = "response_type=code, client_id, a redirect_uri on this host and state are required." });
            // The pick answers with a redirect to the app, which may be another process on this machine (another origin).
            var redirect = new Uri(q["redirect_uri"]!);
            if (!string.Equals(redirect.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
                request.HttpContext.Response.Headers.ContentSecurityPolicy = Security.SecurityHeaders.AllowingFormsTo(redirect);
            return Results.Content(AuthorizePage(q["redirect_uri"]!, q["scope"].ToString(), q["state"]!), "text/html; charset=utf-8");
        }).ExcludeFromDescription();

        app.MapPost(EveSsoEndpoints.AuthorizePath, (HttpRequest request, DemoSsoServer sso) =>
        {
            var form = request.Form;
            var redirectUri = form["redirect_uri"].ToString();
            var separator = redirectUri.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            // Cancel answers as EVE does when the user declines: back to the app with error=access_denied.
            if (form.ContainsKey("cancel") && IsSameHost(redirectUri, request))
                return Results.Redirect($"{redirectUri}{separator}error=access_denied&state={Uri.EscapeDataString(form["state"].ToString())}");
            if (!IsSameHost(redirectUri, request) || !long.TryParse(form["character_id"], out var characterId) || DemoUniverse.FindLoginCharacter(characterId) is not { } character)
                return Results.BadRequest(new { error = "invalid_request", error_description = "Pick a demo character." });
            var scopes = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var code = sso.IssueCode(new DemoSsoServer.Grant(character.Id, character.Name, DemoUniverse.OwnerHash(character.Id), scopes, ClientId, redirectUri, default));
            return Results.Redirect($"{redirectUri}{separator}code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(form["state"].ToString())}");
        }).DisableAntiforgery().ExcludeFromDescription();

        app.MapPost(EveSsoEndpoints.TokenPath, (HttpRequest request, DemoSsoServer sso) =>
        {
            var form = request.Form;
            var (clientId, secret) = ClientCredentials(request, form);
            if (clientId != ClientId || secret != ClientSecret)
                return Results.Json(new { error = "invalid_client", error_description = "Unknown client or wrong secret." }, statusCode: 401);
            var issued = form["grant_type"].ToString() switch
            {
                "authorization_code" => sso.Redeem(form["code"].ToString(), clientId, form["redirect_uri"].FirstOrDefault()),
                "refresh_token" => sso.Refresh(form["refresh_token"].ToString(), clientId),
                _ => null,
            };
            if (issued is null)
                return Results.Json(new { error = "invalid_grant", error_description = "Invalid refresh token. Token missing/expired." }, statusCode: 400);
            return Results.Json(new { access_token = issued.AccessToken, expires_in = issued.ExpiresIn, token_type = "Bearer", refresh_token = issued.RefreshToken });
        }).DisableAntiforgery().AllowPlainHttp().ExcludeFromDescription(); // the back-channel: this process calling itself

        app.MapGet(EveSsoEndpoints.JwksPath, (DemoSsoServer sso) => sso.JwksUnavailable
            ? Results.Json(new { error = "Service Unavailable" }, statusCode: 503)
            : Results.Content(sso.JwksJson(), "application/json")).AllowPlainHttp().ExcludeFromDescription();

        app.MapGet(EveSsoEndpoints.MetadataPath, (HttpRequest request) =>
        {
            var self = $"{request.Scheme}://{request.Host}";
            return Results.Json(new
            {
                issuer = DemoSsoServer.Issuer,
                authorization_endpoint = self + EveSsoEndpoints.AuthorizePath,
                token_endpoint = self + EveSsoEndpoints.TokenPath,
                jwks_uri = self + EveSsoEndpoints.JwksPath,
                response_types_supported = new[] { "code", "token" },
                token_endpoint_auth_methods_supported = new[] { "client_secret_basic", "client_secret_post" },
                code_challenge_methods_supported = new[] { "S256" },
            });
        }).AllowPlainHttp().ExcludeFromDescription();

        // The ESI half of the simulator, at ESI's own unversioned paths.
        app.MapDemoEsi();
        return app;
    }

    private static (string? ClientId, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
                return (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
        }
        return (form["client_id"], form["client_secret"]);
    }

    /// <summary>
    /// Callbacks go back to this host, or to another app on this machine using the simulator as its EVE
    /// (loopback only): the simulator must not become an open redirect.
    /// </summary>
    private static bool IsSameHost(string? redirectUri, HttpRequest request) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" &&
        (string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase) || uri.IsLoopback);

    private static string AuthorizePage(string redirectUri, string scope, string state)
    {
        var e = (string s) => WebUtility.HtmlEncode(s);
        var rows = new StringBuilder();
        void Row(long id, string name, long corporationId, string note) => rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
            <button type="submit" name="character_id" value="{id}" data-testid="demo-character-{id}">
              <strong>{e(name)}</strong><span>{e(DemoEsiUniverse.Find(corporationId)!.Name)}</span><em>{e(note)}</em>
            </button>
            """);
        foreach (var p in DemoUniverse.Personas)
            Row(p.Id, p.Name, p.CorporationId, p.Blurb);
        rows.Append("<h2>Alts</h2><p>Pilots without an account of their own: add them to yours with <em>Add character</em>.</p>");
        foreach (var p in DemoUniverse.Pilots)
            Row(p.Id, p.Name, p.CorporationId, "alt");
        var scopes = string.IsNullOrWhiteSpace(scope) ? "no scopes (sign-in only)" : e(scope);
        return $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Simulated EVE SSO</title>
            <style>
              body { font-family: system-ui, sans-serif; background: #101418; color: #e8e8e8; margin: 0; padding: 2rem; }
              main { max-width: 44rem; margin: auto; }
              .banner { background: #b26a00; color: #fff; padding: .5rem 1rem; border-radius: 4px; }
              form { display: grid; gap: .5rem; margin-top: 1rem; }
              button { display: grid; grid-template-columns: 12rem 10rem 1fr; text-align: left; gap: 1rem; padding: .75rem 1rem;
                       background: #1d252d; color: inherit; border: 1px solid #33404d; border-radius: 4px; cursor: pointer; }
              button:hover { border-color: #6ab0ff; } em { color: #9aa7b4; }
              button.cancel { display: block; justify-self: start; margin-top: 1rem; }
            </style></head>
            <body><main>
              <p class="banner">Demo mode: this is the built-in EVE SSO simulator, not login.eveonline.com.</p>
              <h1>Log in with a demo character</h1>
              <p>Requested scopes: {{scopes}}</p>
              <form method="post">
                <input type="hidden" name="redirect_uri" value="{{e(redirectUri)}}">
                <input type="hidden" name="scope" value="{{e(scope)}}">
                <input type="hidden" name="state" value="{{e(state)}}">
                {{rows}}
                <button type="submit" name="cancel" value="1" class="cancel" data-testid="demo-cancel">Cancel</button>
              </form>
            </main></body></html>
            """;
    }
}
