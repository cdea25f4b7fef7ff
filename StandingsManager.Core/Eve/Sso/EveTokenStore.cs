using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Eve.Sso;

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
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(5);
    private readonly IDataProtector _protector = protection.CreateProtector("StandingsManager.RefreshTokens.v1");
    // Characters come and go, so neither map may keep one entry per character ever seen: a refresh lock lives
    // while someone holds or waits for it, a cached access token until it is due for refresh.
    private readonly Lock _refreshLocksGuard = new();
    private readonly Dictionary<long, RefreshLock> _refreshLocks = [];
    private readonly ConcurrentDictionary<long, (string AccessToken, DateTimeOffset UseUntil)> _accessTokens = new();
    private long _nextPruneTicks;

    public string Protect(string refreshToken) => _protector.Protect(refreshToken);

    /// <summary>A fresh access token for the character, refreshing (once, however many callers ask) when needed.</summary>
    public async Task<string> GetAccessTokenAsync(long characterId, CancellationToken ct)
    {
        if (TryCached(characterId) is { } cached)
            return cached;
        var refreshLock = EnterRefreshLock(characterId);
        try
        {
            await refreshLock.Gate.WaitAsync(ct);
            try
            {
                // Whoever held the lock before us may have refreshed already.
                return TryCached(characterId) ?? await RefreshAsync(characterId, ct);
            }
            finally
            {
                refreshLock.Gate.Release();
            }
        }
        finally
        {
            LeaveRefreshLock(characterId, refreshLock);
        }
    }

    /// <summary>Remembers an access token the SSO just issued (at sign-in or when adding a character).</summary>
    public void Remember(long characterId, string accessToken, DateTimeOffset expiresAt)
    {
        PruneExpiredAccessTokens();
        _accessTokens[characterId] = (accessToken, expiresAt - EarlyRefresh);
    }

    public void Forget(long characterId) => _accessTokens.TryRemove(characterId, out _);

    private string? TryCached(long characterId) =>
        _accessTokens.TryGetValue(characterId, out var cached) && cached.UseUntil > time.GetUtcNow() ? cached.AccessToken : null;

    /// <summary>How many characters the store holds a lock or an access token for; for tests of its memory.</summary>
    internal (int RefreshLocks, int AccessTokens) Tracked
    {
        get
        {
            lock (_refreshLocksGuard)
                return (_refreshLocks.Count, _accessTokens.Count);
        }
    }

    private RefreshLock EnterRefreshLock(long characterId)
    {
        lock (_refreshLocksGuard)
        {
            if (!_refreshLocks.TryGetValue(characterId, out var refreshLock))
                _refreshLocks[characterId] = refreshLock = new RefreshLock();
            refreshLock.Users++;
            return refreshLock;
        }
    }

    private void LeaveRefreshLock(long characterId, RefreshLock refreshLock)
    {
        lock (_refreshLocksGuard)
        {
            if (--refreshLock.Users > 0)
                return;
            _refreshLocks.Remove(characterId);
            refreshLock.Gate.Dispose();
        }
    }

    /// <summary>Now and then, drops cached access tokens past their use-by time; they would only be refreshed anyway.</summary>
    private void PruneExpiredAccessTokens()
    {
        var now = time.GetUtcNow();
        var due = Interlocked.Read(ref _nextPruneTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextPruneTicks, (now + PruneInterval).UtcTicks, due) != due)
            return;
        foreach (var entry in _accessTokens)
        {
            // Removes only this exact entry: a token remembered meanwhile stays.
            if (entry.Value.UseUntil <= now)
                _accessTokens.TryRemove(entry);
        }
    }

    private async Task<string> RefreshAsync(long characterId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.Tokens.SingleOrDefaultAsync(t => t.CharacterId == characterId, ct);
        var character = await db.Characters.SingleOrDefaultAsync(c => c.Id == characterId, ct);
        if (token is null || character is null)
            throw new EveTokenMissingException(CoreText.Said("Eve.Grant.Missing"));
        if (token.Status == TokenStatus.Invalid)
            throw new EveTokenMissingException(CoreText.Said("Eve.Grant.Invalid", character.Name));

        var now = time.GetUtcNow();
        EveTokenGrant grant;
        try
        {
            grant = await sso.RefreshAsync(_protector.Unprotect(token.EncryptedRefreshToken), ct);
        }
        catch (EveGrantRevokedException ex)
        {
            // Permanent: stop using the grant, so ESI is not pestered with a dead token, and tell the owner.
            token.Invalidate(ex.Said, now);
            db.Notify(character.AccountId, now, NotificationLevel.Error, NotificationText.Format("Grant.Refused.Title", character.Name),
                NotificationText.Get("Grant.Refused.Body"));
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
            throw new EveTokenRejectedException(CoreText.Said("Eve.Token.OtherCharacter"));
        if (identity.OwnerHash != character.OwnerHash)
        {
            db.ChangeTracker.Clear(); // the release deletes rows we loaded; start from the database's view
            await ReleaseSoldCharacterAsync(db, characterId, now, ct);
            throw new EveGrantRevokedException(CoreText.Said("Eve.Sso.Moved", identity.Name));
        }

        token.Scopes = string.Join(' ', identity.Scopes);
        token.UpdatedAt = now;
        await db.SaveChangesAsync(ct);

        Remember(characterId, grant.AccessToken, identity.ExpiresAt);
        return grant.AccessToken;
    }

    private async Task ReleaseSoldCharacterAsync(StandingsDbContext db, long characterId, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.Tokens, ct);
        var character = await db.Characters.SingleAsync(c => c.Id == characterId, ct);
        await CharacterRelease.ReleaseSoldAsync(db, character, null, now, Audit.RecordText.Said("Record.Sold.Refresh"), ct);
        db.Characters.Remove(character);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        Forget(character.Id);
    }

    public void Dispose()
    {
        lock (_refreshLocksGuard)
        {
            foreach (var refreshLock in _refreshLocks.Values)
                refreshLock.Gate.Dispose();
        }
    }

    /// <summary>One refresh at a time per character; <see cref="Users"/> counts holders and waiters (guarded by the map's lock).</summary>
    private sealed class RefreshLock
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public int Users;
    }
}
