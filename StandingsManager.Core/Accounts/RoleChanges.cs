using Microsoft.Extensions.Logging;

namespace StandingsManager.Core.Accounts;

/// <summary>An account's granted roles changed, or one of its sessions ended: its open pages check their sign-in again.</summary>
public sealed record RoleChange(int AccountId);

/// <summary>
/// Tells open pages that someone's roles changed, so the member's menu and pages follow at once. <see cref="Version"/>
/// moves with every change: caches of roles keyed on it are never read stale after a grant or a withdrawal.
/// </summary>
public sealed class RoleChanges(ILogger<RoleChanges> logger) : InProcessNotifier<RoleChange>(logger)
{
    private int _version;

    public int Version => Volatile.Read(ref _version);

    public Task ChangedAsync(int accountId) => PublishAsync(new RoleChange(accountId));

    /// <summary>
    /// A session of the account ended (a sign-out): the other instances' pages and hub connections check at once. Not
    /// this instance's pages: the browser that signed out is on its way home, and an instant re-check here would race
    /// that redirect with one to the login page. Here the hub guard closes the session's connections and pages follow
    /// at their next revalidation, as with one instance.
    /// </summary>
    public Task SessionEndedAsync(int accountId) => ForwardAsync(new RoleChange(accountId));

    // A change heard from another instance moves the version as well: this process's role caches must not outlive it.
    protected override void Observe(RoleChange change) => Interlocked.Increment(ref _version);
}
