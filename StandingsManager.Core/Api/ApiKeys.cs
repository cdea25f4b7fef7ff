using System.Globalization;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Api;

/// <summary>
/// Administrators create and revoke API keys; the API checks presented keys here. Every call that manages keys checks
/// the caller's role again.
/// </summary>
public sealed class ApiKeys(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, TimeProvider time)
{
    /// <summary>What every key starts with, so a key pasted somewhere it should not be is recognisable.</summary>
    public const string KeyPrefix = "smk_";
    /// <summary>How many characters of a key are kept and shown to tell keys apart (the marker and 8 random characters).</summary>
    public const int ShownPrefixLength = 12;
    /// <summary>A key's use is written at most this often, so a busy key does not write on every call.</summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);
    /// <summary>A revoked key's uses are audited at most this often, per key.</summary>
    public static readonly TimeSpan RevokedUseAuditedEvery = TimeSpan.FromMinutes(1);
    private const int RandomBytes = 32;

    /// <summary>Every key, those still usable first; never the keys themselves.</summary>
    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Administrator, () => CoreText.Get("Role.Needed.ManageApiKeys"));
        var keys = await db.ApiKeys.AsNoTracking().ToListAsync(ct);
        return [.. keys.OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).Select(Row)];
    }

    /// <summary>Creates a key; audited. The returned key is shown once: only its hash is kept.</summary>
    public async Task<CreatedApiKey> CreateAsync(int actorAccountId, string? name, IReadOnlyCollection<string> scopes, DateTimeOffset? expiresAt, CancellationToken ct = default)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
            throw WorkflowException.Invalid(CoreText.Get("ApiKeys.GiveName"));
        if (trimmed.Length > ApiKey.NameLength)
            throw WorkflowException.Invalid(CoreText.Format("ApiKeys.NameTooLong", ApiKey.NameLength));
        var chosen = ApiScopes.All.Where(scopes.Contains).ToList();
        if (chosen.Count == 0 || scopes.Any(s => !ApiScopes.All.Contains(s)))
            throw WorkflowException.Invalid(CoreText.Format("ApiKeys.ChooseScope", string.Join(", ", ApiScopes.All)));
        var now = time.GetUtcNow();
        if (expiresAt is { } expiry && expiry <= now)
            throw WorkflowException.Invalid(CoreText.Get("ApiKeys.ExpiryPast"));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, () => CoreText.Get("Role.Needed.CreateApiKeys"));
        var secret = KeyPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));
        var key = new ApiKey
        {
            Name = trimmed,
            Scopes = string.Join(' ', chosen),
            KeyHash = Hash(secret),
            Prefix = secret[..ShownPrefixLength],
            ExpiresAt = expiresAt,
            CreatedAt = now,
            CreatedByAccountId = actor.AccountId,
            CreatedByName = actor.Name,
        };
        db.ApiKeys.Add(key);
        db.Record(now, AuditAction.ApiKeyCreated, actor, null, null, trimmed,
            null, expiresAt is { } e
                ? RecordText.Said("Record.ApiKey.CreatedExpires", key.Prefix, key.Scopes, e.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
                : RecordText.Said("Record.ApiKey.Created", key.Prefix, key.Scopes));
        await db.SaveStepAsync(CoreText.Get("ApiKeys.CreatedMeanwhile"), ct);
        return new CreatedApiKey(Row(key), secret);
    }

    /// <summary>Revokes a key at once; audited. Later uses of it are refused and audited too.</summary>
    public async Task RevokeAsync(int actorAccountId, int keyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, () => CoreText.Get("Role.Needed.RevokeApiKeys"));
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId, ct)
            ?? throw WorkflowException.NotFound(CoreText.Get("ApiKeys.Gone"));
        if (key.RevokedAt is not null)
            throw WorkflowException.Conflict(CoreText.Format("ApiKeys.AlreadyRevoked", key.Name));
        var now = time.GetUtcNow();
        key.RevokedAt = now;
        key.RevokedByName = actor.Name;
        db.Record(now, AuditAction.ApiKeyRevoked, actor, null, null, key.Name, details: $"{key.Prefix}…");
        await db.SaveStepAsync(CoreText.Get("ApiKeys.ChangedMeanwhile"), ct);
    }

    /// <summary>
    /// Checks a presented key. A revoked key's use is audited; a valid key's last use is written at most once per
    /// <see cref="LastUsedPrecision"/>.
    /// </summary>
    public async Task<ApiKeyCheck> CheckAsync(string presented, CancellationToken ct = default)
    {
        if (!LooksLikeKey(presented))
            return new ApiKeyCheck(ApiKeyStatus.Unknown);
        var hash = Hash(presented);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyHash == hash, ct);
        if (key is null)
            return new ApiKeyCheck(ApiKeyStatus.Unknown);
        var now = time.GetUtcNow();
        if (key.RevokedAt is not null)
        {
            await AuditRevokedUseAsync(db, key, now, ct);
            return new ApiKeyCheck(ApiKeyStatus.Revoked);
        }
        if (key.ExpiresAt is { } expires && expires <= now)
            return new ApiKeyCheck(ApiKeyStatus.Expired);
        if (key.LastUsedAt is not { } used || now - used >= LastUsedPrecision)
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, (DateTimeOffset?)now), ct);
        return new ApiKeyCheck(ApiKeyStatus.Valid, key.Id, key.Name, Split(key.Scopes));
    }

    /// <summary>
    /// Writes a use of a revoked key to the audit log, at most once per <see cref="RevokedUseAuditedEvery"/> per key: a
    /// forgotten bot that still calls every few seconds shows up without flooding the log. The check and the write run
    /// in one write transaction, so instances racing on the same key write one row.
    /// </summary>
    private static async Task AuditRevokedUseAsync(StandingsDbContext db, ApiKey key, DateTimeOffset now, CancellationToken ct)
    {
        var actorName = $"API key {key.Prefix}…";
        var since = now - RevokedUseAuditedEvery;
        await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.ApiKeys, ct);
        if (await db.Audit.AnyAsync(a => a.Action == AuditAction.ApiKeyUsedAfterRevoke && a.ActorName == actorName && a.At > since, ct))
            return;
        db.Audit.Add(new AuditEntry
        {
            At = now,
            Action = AuditAction.ApiKeyUsedAfterRevoke,
            ActorName = actorName,
            SubjectName = key.Name,
            Details = $"{key.Prefix}…, revoked {key.RevokedAt:yyyy-MM-dd HH:mm} UTC by {key.RevokedByName}",
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Whether a text has the shape of a key (used to refuse keys in query strings as well).</summary>
    public static bool LooksLikeKey(string? text) =>
        text is { Length: > ShownPrefixLength } && text.StartsWith(KeyPrefix, StringComparison.Ordinal);

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string[] Split(string scopes) => scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static ApiKeyRow Row(ApiKey k) =>
        new(k.Id, k.Name, k.Prefix, Split(k.Scopes), k.ExpiresAt, k.CreatedAt, k.CreatedByName, k.RevokedAt, k.LastUsedAt);
}
