using Microsoft.Extensions.Logging;

namespace StandingsManager.Core.Accounts;

/// <summary>An account's granted roles changed.</summary>
public sealed record RoleChange(int AccountId);

/// <summary>
/// Tells open pages that someone's roles changed, so the member's menu and pages follow at once. <see cref="Version"/>
/// moves with every change: caches of roles keyed on it are never read stale after a grant or a withdrawal.
/// </summary>
public sealed class RoleChanges(ILogger<RoleChanges> logger) : InProcessNotifier<RoleChange>(logger)
{
    private int _version;

    public int Version => Volatile.Read(ref _version);

    public Task ChangedAsync(int accountId)
    {
        Interlocked.Increment(ref _version);
        return PublishAsync(new RoleChange(accountId));
    }
}
