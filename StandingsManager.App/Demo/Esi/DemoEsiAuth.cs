using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StandingsManager.App.Demo.Esi;

/// <summary>The caller ESI saw: the token's character and application, or why it was refused.</summary>
public sealed record DemoEsiCaller(long CharacterId, string ApplicationId, IReadOnlySet<string> Scopes);

/// <summary>
/// Checks bearer tokens the way ESI does for the simulated routes: an RS256 signature from the
/// simulated SSO's key, EVE's issuer, the "EVE Online" audience and an unexpired <c>exp</c>.
/// Expiry is checked against <see cref="TimeProvider"/>, not the wall clock, so fake time works.
/// </summary>
public sealed class DemoEsiAuth(DemoSsoServer sso, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>The caller, or (always a 401, as ESI answers) why the token was refused.</summary>
    public sealed record Result(DemoEsiCaller? Caller, string? Error);

    public async Task<Result> AuthenticateAsync(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
            return new Result(null, "authorization not provided");

        var validation = await _handler.ValidateTokenAsync(header["Bearer ".Length..].Trim(), new TokenValidationParameters
        {
            IssuerSigningKey = sso.SigningKey,
            ValidIssuers = [DemoSsoServer.Issuer, "https://" + DemoSsoServer.Issuer],
            ValidAudience = "EVE Online",
            ValidateLifetime = false, // checked below with TimeProvider
            RequireExpirationTime = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
        if (!validation.IsValid || validation.SecurityToken is not JsonWebToken jwt)
            return new Result(null, "authorization not valid");
        if (!jwt.TryGetPayloadValue<long>("exp", out var exp) || DateTimeOffset.FromUnixTimeSeconds(exp) <= time.GetUtcNow())
            return new Result(null, "token is expired");

        const string prefix = "CHARACTER:EVE:";
        if (!jwt.Subject.StartsWith(prefix, StringComparison.Ordinal) || !long.TryParse(jwt.Subject[prefix.Length..], out var characterId))
            return new Result(null, "authorization not valid");
        var azp = jwt.TryGetPayloadValue<string>("azp", out var a) ? a : "";
        return new Result(new DemoEsiCaller(characterId, azp, Scopes(jwt)), null);
    }

    // EVE sends scp as a string for one scope and an array for several, and leaves it out for none;
    // the handler flattens an array into one claim per scope.
    private static HashSet<string> Scopes(JsonWebToken jwt) => [.. jwt.Claims.Where(c => c.Type == "scp").Select(c => c.Value)];
}
