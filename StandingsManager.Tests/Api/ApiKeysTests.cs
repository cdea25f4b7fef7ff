using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Api;
using StandingsManager.Core.Audit;

namespace StandingsManager.Tests.Api;

public sealed class ApiKeysTests
{
    private static CancellationToken Ct => CoreTestDatabase.Ct;

    [Fact]
    public async Task A_created_key_is_shown_once_stored_as_a_hash_and_audited()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var cast = await database.SeedCastAsync();
        var keys = database.Get<ApiKeys>();

        var created = await keys.CreateAsync(cast.Frank, "  Intel bot  ", [ApiScopes.StandingsRead], null, Ct);

        Assert.StartsWith("smk_", created.Key, StringComparison.Ordinal);
        Assert.True(created.Key.Length >= 4 + 43, created.Key); // 32 random bytes in base64url
        Assert.Equal(("Intel bot", created.Key[..12]), (created.Row.Name, created.Row.Prefix));
        Assert.Equal([ApiScopes.StandingsRead], created.Row.Scopes);
        await using var db = database.CreateDbContext();
        var stored = await db.ApiKeys.SingleAsync(Ct);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Key))), stored.KeyHash);
        Assert.DoesNotContain(created.Key, (await db.ApiKeys.Select(k => k.KeyHash + k.Prefix + k.Name).ToListAsync(Ct)).Single(), StringComparison.Ordinal);
        var audit = await db.Audit.SingleAsync(a => a.Action == AuditAction.ApiKeyCreated, Ct);
        Assert.Equal(("Frank Admin", "Intel bot"), (audit.ActorName, audit.SubjectName));
        Assert.DoesNotContain(created.Key, audit.Details, StringComparison.Ordinal);

        var second = await keys.CreateAsync(cast.Frank, "Mapper", [ApiScopes.StandingsRead], null, Ct);
        Assert.NotEqual(created.Key, second.Key);
        Assert.Equal(["Mapper", "Intel bot"], (await keys.ListAsync(cast.Frank, Ct)).Select(k => k.Name));
    }

    [Fact]
    public async Task Only_administrators_manage_keys_and_bad_input_is_refused_with_a_reason()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var cast = await database.SeedCastAsync();
        var keys = database.Get<ApiKeys>();

        await database.RefusedAsync(WorkflowError.Forbidden, () => keys.CreateAsync(cast.Bob, "Bot", [ApiScopes.StandingsRead], null, Ct));
        await database.RefusedAsync(WorkflowError.Forbidden, () => keys.ListAsync(cast.Bob, Ct));
        Assert.Contains("name", (await database.RefusedAsync(WorkflowError.Invalid, () => keys.CreateAsync(cast.Frank, " ", [ApiScopes.StandingsRead], null, Ct))).Message, StringComparison.Ordinal);
        Assert.Contains("scope", (await database.RefusedAsync(WorkflowError.Invalid, () => keys.CreateAsync(cast.Frank, "Bot", [], null, Ct))).Message, StringComparison.Ordinal);
        await database.RefusedAsync(WorkflowError.Invalid, () => keys.CreateAsync(cast.Frank, "Bot", ["admin:write"], null, Ct));
        Assert.Contains("future", (await database.RefusedAsync(WorkflowError.Invalid,
            () => keys.CreateAsync(cast.Frank, "Bot", [ApiScopes.StandingsRead], CoreTestDatabase.Start, Ct))).Message, StringComparison.Ordinal);

        var key = await keys.CreateAsync(cast.Frank, "Bot", [ApiScopes.StandingsRead], null, Ct);
        await database.RefusedAsync(WorkflowError.Forbidden, () => keys.RevokeAsync(cast.Bob, key.Row.Id, Ct));
        Assert.Null((await keys.ListAsync(cast.Frank, Ct)).Single().RevokedAt);
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Action == AuditAction.ApiKeyCreated, Ct));
    }

    [Fact]
    public async Task Checking_keys_valid_unknown_expired_revoked_and_use_after_revoke_is_audited()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var cast = await database.SeedCastAsync();
        var keys = database.Get<ApiKeys>();
        var key = await keys.CreateAsync(cast.Frank, "Bot", [ApiScopes.StandingsRead, ApiScopes.AuditRead], CoreTestDatabase.Start.AddDays(1), Ct);

        var valid = await keys.CheckAsync(key.Key, Ct);
        Assert.Equal((ApiKeyStatus.Valid, key.Row.Id, "Bot"), (valid.Status, valid.KeyId, valid.Name));
        Assert.Equal([ApiScopes.StandingsRead, ApiScopes.AuditRead], valid.Scopes!);
        Assert.Equal(ApiKeyStatus.Unknown, (await keys.CheckAsync(key.Key[..^1] + (key.Key[^1] == 'A' ? 'B' : 'A'), Ct)).Status);
        Assert.Equal(ApiKeyStatus.Unknown, (await keys.CheckAsync("not-a-key", Ct)).Status);

        database.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(ApiKeyStatus.Expired, (await keys.CheckAsync(key.Key, Ct)).Status);

        var other = await keys.CreateAsync(cast.Frank, "Mapper", [ApiScopes.StandingsRead], null, Ct);
        await keys.RevokeAsync(cast.Frank, other.Row.Id, Ct);
        await database.RefusedAsync(WorkflowError.Conflict, () => keys.RevokeAsync(cast.Frank, other.Row.Id, Ct));
        Assert.Equal(ApiKeyStatus.Revoked, (await keys.CheckAsync(other.Key, Ct)).Status);

        await using var db = database.CreateDbContext();
        var revoked = await db.Audit.SingleAsync(a => a.Action == AuditAction.ApiKeyRevoked, Ct);
        Assert.Equal(("Frank Admin", "Mapper"), (revoked.ActorName, revoked.SubjectName));
        var used = await db.Audit.SingleAsync(a => a.Action == AuditAction.ApiKeyUsedAfterRevoke, Ct);
        Assert.Equal(("Mapper", database.Time.GetUtcNow()), (used.SubjectName, used.At));
        Assert.Null(used.ActorAccountId);
    }

    [Fact]
    public async Task Last_use_is_written_at_most_once_a_minute()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var cast = await database.SeedCastAsync();
        var keys = database.Get<ApiKeys>();
        var key = await keys.CreateAsync(cast.Frank, "Bot", [ApiScopes.StandingsRead], null, Ct);
        var start = database.Time.GetUtcNow();

        await keys.CheckAsync(key.Key, Ct);
        database.Time.Advance(TimeSpan.FromSeconds(59));
        await keys.CheckAsync(key.Key, Ct);
        Assert.Equal(start, (await keys.ListAsync(cast.Frank, Ct)).Single().LastUsedAt);

        database.Time.Advance(TimeSpan.FromSeconds(1));
        await keys.CheckAsync(key.Key, Ct);
        Assert.Equal(start.AddMinutes(1), (await keys.ListAsync(cast.Frank, Ct)).Single().LastUsedAt);
    }

    [Fact]
    public async Task A_revoked_keys_uses_are_audited_at_most_once_a_minute_per_key()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var cast = await database.SeedCastAsync();
        var keys = database.Get<ApiKeys>();
        var old = await keys.CreateAsync(cast.Frank, "Old bot", [ApiScopes.StandingsRead], null, Ct);
        var other = await keys.CreateAsync(cast.Frank, "Other bot", [ApiScopes.StandingsRead], null, Ct);
        await keys.RevokeAsync(cast.Frank, old.Row.Id, Ct);
        await keys.RevokeAsync(cast.Frank, other.Row.Id, Ct);
        var start = database.Time.GetUtcNow();

        async Task<List<(string?, DateTimeOffset)>> UsesAsync()
        {
            await using var db = database.CreateDbContext();
            return (await db.Audit.Where(a => a.Action == AuditAction.ApiKeyUsedAfterRevoke).ToListAsync(Ct))
                .OrderBy(a => a.At).ThenBy(a => a.SubjectName).Select(a => (a.SubjectName, a.At)).ToList();
        }

        for (var i = 0; i < 3; i++)
            Assert.Equal(ApiKeyStatus.Revoked, (await keys.CheckAsync(old.Key, Ct)).Status);
        database.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(ApiKeyStatus.Revoked, (await keys.CheckAsync(old.Key, Ct)).Status);
        Assert.Equal(ApiKeyStatus.Revoked, (await keys.CheckAsync(other.Key, Ct)).Status); // another key has its own minute
        Assert.Equal(new List<(string?, DateTimeOffset)> { ("Old bot", start), ("Other bot", start.AddSeconds(59)) }, await UsesAsync());

        database.Time.Advance(TimeSpan.FromSeconds(1));
        await keys.CheckAsync(old.Key, Ct);
        await keys.CheckAsync(old.Key, Ct);
        Assert.Equal(new List<(string?, DateTimeOffset)> { ("Old bot", start), ("Other bot", start.AddSeconds(59)), ("Old bot", start.AddMinutes(1)) }, await UsesAsync());
    }
}
