using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Eve.Sso;

/// <summary>A character has no usable grant: the user must add it again through EVE SSO.</summary>
public sealed class EveTokenMissingException(string message) : Exception(message);

/// <summary>
/// Refresh tokens, encrypted at rest, and the access tokens made from them. One refresh at a time
/// per character; a rotated refresh token is saved as soon as EVE hands it out, before anything else can fail.
/// </summary>
public sealed class EveTokenStore(
    IDbContextFactory<StandingsDbContext> dbFactory,
    IDataProtectionProvider protection,
    EveSsoClient sso,
    EveAccessTokenValidator validator,
    IEveSsoSettings settings,
    TimeProvider time,
    ILogger<EveTokenStore> logger) : IDisposable
{
    private static readonly TimeSpan EarlyRefresh = TimeSpan.FromSeconds(60);
    private readonly IDataProtector _protector = protection.CreateProtector("StandingsManager.RefreshTokens.v1");
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _refreshLocks = new();
    private readonly ConcurrentDictionary<long, (string AccessToken, DateTimeOffset UseUntil)> _accessTokens = new();

    public string Protect(string refreshToken) => _protector.Protect(refreshToken);

    /// <summary>A fresh access token for the character, refreshing (once, however many callers ask) when needed.</summary>
    public async Task<string> GetAccessTokenAsync(long characterId, CancellationToken ct)
    {
        if (TryCached(characterId) is { } cached)
            return cached;
        var gate = _refreshLocks.GetOrAdd(characterId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            // Whoever held the lock before us may have refreshed already.
            return TryCached(characterId) ?? await RefreshAsync(characterId, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Remembers an access token the SSO just issued (at sign-in or when adding a character).</summary>
    public void Remember(long characterId, string accessToken, DateTimeOffset expiresAt) =>
        _accessTokens[characterId] = (accessToken, expiresAt - EarlyRefresh);

    public void Forget(long characterId) => _accessTokens.TryRemove(characterId, out _);

    private string? TryCached(long characterId) =>
        _accessTokens.TryGetValue(characterId, out var cached) && cached.UseUntil > time.GetUtcNow() ? cached.AccessToken : null;

    private async Task<string> RefreshAsync(long characterId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.Tokens.SingleOrDefaultAsync(t => t.CharacterId == characterId, ct);
        var character = await db.Characters.SingleOrDefaultAsync(c => c.Id == characterId, ct);
        if (token is null || character is null)
            throw new EveTokenMissingException("This character has no EVE grant; add it again through EVE SSO.");
        if (token.Status == TokenStatus.Invalid)
            throw new EveTokenMissingException($"The EVE grant of {character.Name} is no longer valid; add the character again through EVE SSO.");

        var now = time.GetUtcNow();
        EveTokenGrant grant;
        try
        {
            grant = await sso.RefreshAsync(_protector.Unprotect(token.EncryptedRefreshToken), ct);
        }
        catch (EveGrantRevokedException ex)
        {
            // Permanent: stop using the grant, so ESI is not pestered with a dead token, and tell the owner.
            token.Status = TokenStatus.Invalid;
            token.InvalidReason = ex.Message;
            token.UpdatedAt = now;
            db.Notify(character.AccountId, now, NotificationLevel.Error, $"EVE no longer accepts the grant of {character.Name}",
                "Add the character again (Characters page) to keep its standings request and contact sync working.");
            await db.SaveChangesAsync(ct);
            logger.LogWarning("EVE refused the refresh of character {CharacterId}; its token is now marked invalid", characterId);
            throw;
        }

        // EVE spent the old refresh token the moment it answered, so the rotated one is saved before anything else
        // can fail (JWKS, validation, a later save), and even if the caller gives up now: losing it loses the grant.
        if (grant.RefreshToken is { Length: > 0 } rotated)
        {
            token.EncryptedRefreshToken = _protector.Protect(rotated);
            token.UpdatedAt = now;
            await db.SaveChangesAsync(CancellationToken.None);
        }

        var identity = await validator.ValidateAsync(grant.AccessToken, settings.BackChannel.Jwks, settings.ClientId, ct);
        if (identity.CharacterId != characterId)
            throw new EveTokenRejectedException("EVE access token rejected: it speaks for another character.");
        if (identity.OwnerHash != character.OwnerHash)
        {
            db.ChangeTracker.Clear(); // the release deletes rows we loaded; start from the database's view
            await ReleaseSoldCharacterAsync(db, characterId, now, ct);
            throw new EveGrantRevokedException($"{identity.Name} moved to another EVE account; its grant was dropped.");
        }

        token.Scopes = string.Join(' ', identity.Scopes);
        token.UpdatedAt = now;
        await db.SaveChangesAsync(ct);

        Remember(characterId, grant.AccessToken, identity.ExpiresAt);
        return grant.AccessToken;
    }

    private async Task ReleaseSoldCharacterAsync(StandingsDbContext db, long characterId, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var character = await db.Characters.SingleAsync(c => c.Id == characterId, ct);
        await CharacterRelease.ReleaseSoldAsync(db, character, null, now, "Owner hash changed at token refresh; the character was removed from its account.", ct);
        db.Characters.Remove(character);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        Forget(character.Id);
    }

    public void Dispose()
    {
        foreach (var gate in _refreshLocks.Values)
            gate.Dispose();
    }
}
