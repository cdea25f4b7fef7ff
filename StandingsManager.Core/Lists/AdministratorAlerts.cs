using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Lists;

internal static class AdministratorAlerts
{
    /// <summary>
    /// Tells every active administrator (granted or configured) in the bell, and the operator's chat through the outbox,
    /// in the caller's unit of work: a list whose source stopped needs an administrator to act.
    /// </summary>
    public static async Task AlertAdministratorsAsync(this StandingsDbContext db, IReadOnlyCollection<long> configuredAdministrators,
        DateTimeOffset now, LocalText title, LocalText body, CancellationToken ct)
    {
        var granted = db.AccountRoles.Where(r => r.Role == Role.Administrator).Select(r => r.AccountId);
        var configured = SettingsAdministrators.Honoured(db, [.. configuredAdministrators]).Select(c => c.AccountId);
        var administrators = await granted.Union(configured).Distinct()
            .Join(db.Accounts.Where(a => a.IsActive), id => id, a => a.Id, (id, _) => id)
            .ToListAsync(ct);
        foreach (var accountId in administrators)
            db.Notify(accountId, now, NotificationLevel.Warning, title, body);
        db.QueueOutboundAlert(now, title, body);
    }
}
