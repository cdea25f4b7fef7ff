using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Accounts;

/// <summary>The UI language each user saves for their own account, which wins over the browser's wherever they sign in.</summary>
public sealed class AccountLanguages(IDbContextFactory<StandingsDbContext> dbFactory)
{
    /// <summary>The account's saved language, or null when it has none (or no longer exists).</summary>
    public async Task<string?> ReadAsync(int accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var saved = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId && a.IsActive).Select(a => a.Language).FirstOrDefaultAsync(ct);
        // A language dropped from the app since it was saved: the browser's choice applies again.
        return Languages.Find(saved);
    }

    /// <summary>Saves <paramref name="language"/> (null clears it) for the caller's own account: nobody sets another's.</summary>
    public async Task SaveAsync(int callerAccountId, int accountId, string? language, CancellationToken ct = default)
    {
        if (callerAccountId != accountId)
            throw WorkflowException.Forbidden(CoreText.Get("Language.OnlyOwnAccount"));
        var culture = language is null ? null
            : Languages.Find(language) ?? throw WorkflowException.Invalid(CoreText.Format("Language.Unsupported", language, string.Join(", ", Languages.Supported)));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == accountId, ct)
            ?? throw WorkflowException.Forbidden(CoreText.Get("Account.Gone"));
        if (!account.IsActive)
            throw WorkflowException.Forbidden(CoreText.Get("Account.Deactivated"));
        account.Language = culture;
        await db.SaveChangesAsync(ct);
    }
}
