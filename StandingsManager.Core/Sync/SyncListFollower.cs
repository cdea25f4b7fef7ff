using Microsoft.Extensions.Hosting;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Sync;

/// <summary>
/// Follows the standings list for as long as the host runs: each change of its entries makes every enabled character
/// due soon (<see cref="SyncDueSoon.Follow"/>). Registered with contact sync, so the scheduler only claims and runs.
/// </summary>
internal sealed class SyncListFollower(SyncDueSoon dueSoon, StandingsEvents standings) : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription ??= dueSoon.Follow(standings);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _subscription = null;
    }
}
