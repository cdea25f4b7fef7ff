using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StandingsManager.App.Demo;

/// <summary>
/// The token-issuing half of the simulated EVE SSO: authorization codes, refresh tokens and
/// RS256-signed access tokens shaped like EVE's.
/// </summary>
public sealed class DemoSsoServer(TimeProvider time, IDataProtectionProvider protection) : IDisposable
{
    public const string KeyId = "JWT-Signature-Key";
    public const string Issuer = "login.eveonline.com";
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(1199);
    // EVE's refresh tokens last until revoked. The demo's expire after 90 days unused, so a spent one need only be
    // remembered that long; every refresh hands out a fresh one, so only a demo left alone for months loses its grants.
    private static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(90);

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    // A refresh token carries its grant, sealed with the demo's persisted Data Protection keys, so a restarted demo
    // still honours the grants its database holds, as EVE would. Only spent (rotated) tokens are remembered.
    private readonly IDataProtector _sealer = protection.CreateProtector("StandingsManager.DemoSso.RefreshTokens.v1");
    // Nonce of each spent refresh token, and when that token would have expired anyway.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _spentRefreshTokens = new();
    private readonly Lock _pruneLock = new();
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;
    private readonly ConcurrentDictionary<string, byte> _failingRefreshTokens = new();
    private readonly ConcurrentDictionary<long, byte> _failingCharacters = new();
    private readonly ConcurrentDictionary<long, string> _ownerHashes = new();

    public sealed record Grant(long CharacterId, string Name, string OwnerHash, IReadOnlyList<string> Scopes, string ClientId, string? RedirectUri, DateTimeOffset ExpiresAt);
    public sealed record TokenResponse(string AccessToken, int ExpiresIn, string? RefreshToken);

    public RsaSecurityKey SigningKey => new(_rsa) { KeyId = KeyId };

    public string IssueCode(Grant grant)
    {
        PruneExpired();
        var code = RandomToken();
        // A sold character signs in under its new owner, whatever hash the caller assumed.
        _codes[code] = grant with { OwnerHash = OwnerHashOf(grant.CharacterId, grant.OwnerHash), ExpiresAt = time.GetUtcNow() + CodeLifetime };
        return code;
    }

    /// <summary>Codes are single use and expire after five minutes, as EVE's do.</summary>
    public TokenResponse? Redeem(string code, string clientId, string? redirectUri)
    {
        PruneExpired();
        if (!_codes.TryRemove(code, out var grant) || grant.ExpiresAt < time.GetUtcNow() || grant.ClientId != clientId)
            return null;
        if (redirectUri is not null && grant.RedirectUri is not null && redirectUri != grant.RedirectUri)
            return null;
        return Issue(grant);
    }

    /// <summary>
    /// Refresh tokens rotate on every use: the old one stops working. A token issued before the
    /// character changed owner is dead, as EVE revokes grants on transfer (400 invalid_grant).
    /// </summary>
    public TokenResponse? Refresh(string refreshToken, string clientId)
    {
        // Injected one-shot failures leave the token itself alone, so the next attempt can succeed.
        if (_failingRefreshTokens.TryRemove(refreshToken, out _))
            return null;
        var now = PruneExpired();
        if (Unseal(refreshToken) is not { } sealedGrant || sealedGrant.Grant.ClientId != clientId)
            return null;
        // Tokens sealed before they carried an expiry count from their first use.
        var expiresAt = sealedGrant.ExpiresAt == default ? now + RefreshTokenLifetime : sealedGrant.ExpiresAt;
        if (expiresAt <= now)
            return null;
        var grant = sealedGrant.Grant;
        if (_failingCharacters.TryRemove(grant.CharacterId, out _))
            return null;
        if (!_spentRefreshTokens.TryAdd(sealedGrant.Nonce, expiresAt))
            return null;
        return grant.OwnerHash == OwnerHashOf(grant.CharacterId, grant.OwnerHash) ? Issue(grant) : null;
    }

    /// <summary>For tests of the simulator's memory: codes not yet redeemed, and spent refresh tokens still remembered.</summary>
    public (int Codes, int SpentRefreshTokens) Remembered => (_codes.Count, _spentRefreshTokens.Count);

    /// <summary>
    /// Now and then, forgets codes past their five minutes and spent refresh tokens past their lifetime: neither could
    /// be used any more, and sign-ins that are never finished would otherwise pile up. Returns the time it went by.
    /// </summary>
    private DateTimeOffset PruneExpired()
    {
        var now = time.GetUtcNow();
        lock (_pruneLock)
        {
            if (now < _nextPrune)
                return now;
            _nextPrune = now + CodeLifetime;
        }
        foreach (var code in _codes.Where(c => c.Value.ExpiresAt < now))
            _codes.TryRemove(code);
        foreach (var spent in _spentRefreshTokens.Where(t => t.Value <= now))
            _spentRefreshTokens.TryRemove(spent);
        return now;
    }

    /// <summary>Test and operator hook: the next refresh of this refresh token answers invalid_grant.</summary>
    public void FailNextRefresh(string refreshToken) => _failingRefreshTokens[refreshToken] = 0;

    /// <summary>Test and operator hook: the next refresh of any of this character's refresh tokens answers invalid_grant.</summary>
    public void FailNextRefreshFor(long characterId) => _failingCharacters[characterId] = 0;

    /// <summary>Test and operator hook: while set, the JWKS endpoint answers 503, as during an SSO outage.</summary>
    public bool JwksUnavailable { get; set; }

    /// <summary>
    /// Simulates the character being sold: new sign-ins carry <paramref name="newOwnerHash"/> and every
    /// refresh token issued under the old owner fails with invalid_grant.
    /// </summary>
    public void ChangeOwner(long characterId, string newOwnerHash) => _ownerHashes[characterId] = newOwnerHash;

    /// <summary>The character's current owner hash, or <paramref name="fallback"/> when it never changed hands.</summary>
    public string OwnerHashOf(long characterId, string fallback) => _ownerHashes.TryGetValue(characterId, out var hash) ? hash : fallback;

    public string JwksJson()
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = KeyId });
        jwk.Alg = SecurityAlgorithms.RsaSha256;
        jwk.Use = "sig";
        return System.Text.Json.JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, alg = jwk.Alg, use = jwk.Use, n = jwk.N, e = jwk.E } } });
    }

    /// <summary>Signs an EVE-shaped access token; tests use the overrides to forge bad ones.</summary>
    public string CreateAccessToken(Grant grant, DateTimeOffset? expires = null, string issuer = Issuer, string audience = "EVE Online", SecurityKey? key = null)
    {
        var now = time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            ["jti"] = Guid.NewGuid().ToString(),
            ["kid"] = KeyId,
            ["sub"] = $"CHARACTER:EVE:{grant.CharacterId}",
            ["azp"] = grant.ClientId,
            ["tenant"] = "tranquility",
            ["tier"] = "live",
            ["region"] = "world",
            ["aud"] = new[] { grant.ClientId, audience },
            ["name"] = grant.Name,
            ["owner"] = grant.OwnerHash,
            ["exp"] = (expires ?? now + AccessTokenLifetime).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = issuer,
        };
        // EVE leaves scp out with no scopes, sends a string for one and an array for several.
        if (grant.Scopes.Count == 1)
            claims["scp"] = grant.Scopes[0];
        else if (grant.Scopes.Count > 1)
            claims["scp"] = grant.Scopes.ToArray();

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    private TokenResponse Issue(Grant grant)
    {
        string? refresh = null;
        // Like EVE: a grant without scopes gets no refresh token.
        if (grant.Scopes.Count > 0)
            refresh = _sealer.Protect(JsonSerializer.Serialize(new SealedGrant(RandomToken(), grant, time.GetUtcNow() + RefreshTokenLifetime)));
        return new TokenResponse(CreateAccessToken(grant), (int)AccessTokenLifetime.TotalSeconds, refresh);
    }

    private SealedGrant? Unseal(string refreshToken)
    {
        try
        {
            return JsonSerializer.Deserialize<SealedGrant>(_sealer.Unprotect(refreshToken));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            return null; // not a token this SSO issued: invalid_grant, as EVE answers
        }
    }

    private sealed record SealedGrant(string Nonce, Grant Grant, DateTimeOffset ExpiresAt = default);

    private static string RandomToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    public void Dispose() => _rsa.Dispose();
}
