using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Api;

namespace StandingsManager.App.Api;

/// <summary>
/// <c>Authorization: Bearer smk_…</c> on <c>/api/v1</c>. A missing, unknown, expired or revoked key gets 401, a key
/// without the endpoint's scope 403, both as problem details. The principal carries the key's id and scopes, never an
/// account: the API acts for no one.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "sm:api_key_id";
    private const string Bearer = "Bearer ";
    private ApiKeyStatus? _refused;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var check = await keys.CheckAsync(header[Bearer.Length..].Trim(), Context.RequestAborted);
        if (check.Status != ApiKeyStatus.Valid)
        {
            _refused = check.Status;
            return AuthenticateResult.Fail($"API key {check.Status}.");
        }
        var identity = new ClaimsIdentity(SchemeName);
        identity.AddClaim(new Claim(KeyIdClaim, check.KeyId!.Value.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(ClaimTypes.Name, check.Name!));
        identity.AddClaims(check.Scopes!.Select(s => new Claim(ApiScopes.ClaimType, s)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, _refused switch
        {
            ApiKeyStatus.Expired => "The API key has expired: ask an administrator for a new one.",
            ApiKeyStatus.Revoked => "The API key was revoked: ask an administrator for a new one.",
            ApiKeyStatus.Unknown => "The API key is not known here: check that it was copied whole.",
            _ => "Send an API key in the header: Authorization: Bearer smk_… (administrators create keys on the API keys page).",
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var scope = Context.GetEndpoint()?.Metadata.GetMetadata<ApiScopeMetadata>()?.Scope;
        await ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden,
            $"This key does not have the scope {scope ?? "this endpoint needs"}: ask an administrator for a key that has it.");
    }
}
