using System.Globalization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Eve.Sso;

/// <summary>Who an EVE access token speaks for.</summary>
public sealed record EveTokenIdentity(long CharacterId, string Name, string OwnerHash, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt);

/// <summary>
/// Validates EVE SSO access tokens: signature against the SSO's JWKS (key picked by kid and alg),
/// issuer, audience (both "EVE Online" and our client id) and expiry.
/// </summary>
public sealed class EveAccessTokenValidator(IHttpClientFactory httpFactory, TimeProvider time) : IDisposable
{
    public const string HttpClientName = "eve-sso";

    private static readonly TimeSpan KeyCacheLifetime = TimeSpan.FromMinutes(5);
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SemaphoreSlim _keysLock = new(1, 1);
    private (Uri Uri, IList<SecurityKey> Keys, DateTimeOffset FetchedAt)? _keys;

    public async Task<EveTokenIdentity> ValidateAsync(string accessToken, Uri jwksUri, string clientId, CancellationToken ct)
    {
        var keys = await GetKeysAsync(jwksUri, refresh: false, ct);
        var result = await ValidateWithKeysAsync(accessToken, keys, clientId);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The SSO may have rotated its keys since we cached them.
            keys = await GetKeysAsync(jwksUri, refresh: true, ct);
            result = await ValidateWithKeysAsync(accessToken, keys, clientId);
        }
        if (!result.IsValid)
            throw new EveTokenRejectedException(Describe(result.Exception));

        var jwt = (JsonWebToken)result.SecurityToken;
        var audiences = jwt.Audiences.ToList();
        if (!audiences.Contains(clientId, StringComparer.Ordinal))
            throw new EveTokenRejectedException(CoreText.Said("Eve.Token.OtherApplication"));

        var sub = jwt.Subject ?? "";
        var parts = sub.Split(':');
        if (parts.Length != 3 || parts[0] != "CHARACTER" || parts[1] != "EVE" || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var characterId))
            throw new EveTokenRejectedException(CoreText.Said("Eve.Token.NotCharacter"));
        var name = jwt.TryGetPayloadValue<string>("name", out var n) && !string.IsNullOrWhiteSpace(n) ? n : throw new EveTokenRejectedException(CoreText.Said("Eve.Token.NoName"));
        var owner = jwt.TryGetPayloadValue<string>("owner", out var o) && !string.IsNullOrWhiteSpace(o) ? o : throw new EveTokenRejectedException(CoreText.Said("Eve.Token.NoOwner"));
        // scp is absent, a string or an array: each value comes out as one claim.
        var scopes = jwt.Claims.Where(c => c.Type == "scp").Select(c => c.Value).Distinct().ToList();
        return new EveTokenIdentity(characterId, name, owner, scopes, jwt.ValidTo == DateTime.MinValue ? time.GetUtcNow() : new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
    }

    private Task<TokenValidationResult> ValidateWithKeysAsync(string accessToken, IList<SecurityKey> keys, string clientId) =>
        _handler.ValidateTokenAsync(accessToken, new TokenValidationParameters
        {
            ValidIssuers = EveSsoEndpoints.ValidIssuers,
            ValidAudience = EveSsoEndpoints.Audience,
            IssuerSigningKeys = keys,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
            ClockSkew = TimeSpan.FromSeconds(5),
            LifetimeValidator = (_, expires, _, _) => expires is { } e && new DateTimeOffset(e, TimeSpan.Zero) + TimeSpan.FromSeconds(5) > time.GetUtcNow(),
        });

    private static Phrase Describe(Exception? ex) => ex switch
    {
        SecurityTokenInvalidIssuerException => CoreText.Said("Eve.Token.WrongIssuer"),
        SecurityTokenInvalidAudienceException => CoreText.Said("Eve.Token.WrongAudience"),
        SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException => CoreText.Said("Eve.Token.Expired"),
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => CoreText.Said("Eve.Token.BadSignature"),
        SecurityTokenMalformedException => CoreText.Said("Eve.Token.Malformed"),
        _ => CoreText.Said("Eve.Token.Invalid", ex?.GetType().Name.Replace("SecurityToken", "", StringComparison.Ordinal).Replace("Exception", "", StringComparison.Ordinal) ?? "?"),
    };

    private async Task<IList<SecurityKey>> GetKeysAsync(Uri jwksUri, bool refresh, CancellationToken ct)
    {
        await _keysLock.WaitAsync(ct);
        try
        {
            if (!refresh && _keys is { } cached && cached.Uri == jwksUri && time.GetUtcNow() - cached.FetchedAt < KeyCacheLifetime)
                return cached.Keys;
            IList<SecurityKey> keys;
            try
            {
                var json = await httpFactory.CreateClient(HttpClientName).GetStringAsync(jwksUri, ct);
                keys = new JsonWebKeySet(json).GetSigningKeys();
            }
            catch (Exception ex) when (ex is HttpRequestException or ArgumentException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
            {
                // An outage, not a bad token: the caller keeps the grant and tries again later.
                throw new EveSsoUnavailableException(CoreText.Said("Eve.Sso.NoKeys"), ex);
            }
            _keys = (jwksUri, keys, time.GetUtcNow());
            return keys;
        }
        finally
        {
            _keysLock.Release();
        }
    }

    public void Dispose() => _keysLock.Dispose();
}
