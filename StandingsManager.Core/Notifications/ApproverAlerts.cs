using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Notifications;

internal static class ApproverAlerts
{
    /// <summary>
    /// Tells every approver (and administrator, configured or granted) that something waits for a decision,
    /// in the same unit of work: the predecessors' approvers missed requests behind a passive badge. The same alert
    /// waits in the outbox for Discord.
    /// </summary>
    public static async Task AlertApproversAsync(this StandingsDbContext db, IReadOnlyCollection<long> configuredAdministrators,
        int exceptAccountId, DateTimeOffset now, LocalText title, LocalText body, CancellationToken ct)
    {
        var granted = db.AccountRoles.Where(r => r.Role == Role.Approver || r.Role == Role.Administrator).Select(r => r.AccountId);
        var configured = SettingsAdministrators.Honoured(db, [.. configuredAdministrators]).Select(c => c.AccountId);
        var approvers = await granted.Union(configured).Distinct()
            .Where(id => id != exceptAccountId)
            .Join(db.Accounts.Where(a => a.IsActive), id => id, a => a.Id, (id, _) => id)
            .ToListAsync(ct);
        foreach (var accountId in approvers)
            db.Notify(accountId, now, NotificationLevel.Info, title, body);
        // And to the operator's chat, if one is configured: the relay posts it after this unit of work commits.
        db.QueueOutboundAlert(now, title, body);
    }
}
