using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Accounts;

/// <summary>One signed-in browser. Its auth cookie names it; signing out deletes it, so a copy of that cookie stops working.</summary>
public sealed class SignInSession
{
    public required string Id { get; set; }
    public int AccountId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// Server-side sessions behind the auth cookies: started at sign-in, extended when the cookie is renewed, ended at sign-out.
/// Ending one is told to the other instances through <see cref="RoleChanges"/>, so the account's open pages and hub
/// connections there check their sign-in at once and the ones of that session close.
/// </summary>
public sealed class AccountSessions(IDbContextFactory<StandingsDbContext> dbFactory, RoleChanges accessChanges, TimeProvider time)
{
    public async Task<string> StartAsync(int accountId, TimeSpan lifetime, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        // Sessions whose cookie has expired end here, so the table holds only live ones.
        await db.Sessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        var session = new SignInSession { Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)), AccountId = accountId, CreatedAt = now, ExpiresAt = now + lifetime };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    public async Task<bool> IsActiveAsync(string sessionId, int accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        return await db.Sessions.AnyAsync(s => s.Id == sessionId && s.AccountId == accountId && s.ExpiresAt > now, ct);
    }

    /// <summary>The cookie was renewed (sliding expiration): the session lives as long as it.</summary>
    public async Task ExtendAsync(string sessionId, TimeSpan lifetime, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var until = time.GetUtcNow() + lifetime;
        await db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, until), ct);
    }

    public async Task EndAsync(string sessionId, CancellationToken ct = default)
    {
        int? accountId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            accountId = await db.Sessions.Where(s => s.Id == sessionId).Select(s => (int?)s.AccountId).SingleOrDefaultAsync(ct);
            await db.Sessions.Where(s => s.Id == sessionId).ExecuteDeleteAsync(ct);
        }
        if (accountId is { } ended)
            await accessChanges.SessionEndedAsync(ended);
    }
}
