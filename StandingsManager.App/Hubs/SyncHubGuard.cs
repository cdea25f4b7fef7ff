using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StandingsManager.App.Auth;
using StandingsManager.Core.Accounts;

namespace StandingsManager.App.Hubs;

/// <summary>
/// Closes <see cref="SyncHub"/> connections that may no longer listen: the session that opened them ended, or the
/// account lost the hub's roles. Checked every <see cref="RevalidationOptions.RevalidateEvery"/>, and at once for an
/// account whose roles change. A closed client sees the connection end and must connect (and sign in) again.
/// </summary>
public sealed class SyncHubGuard(SignedInCheck check, RoleChanges roleChanges, IOptions<RevalidationOptions> options, TimeProvider time, ILogger<SyncHubGuard> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new();
    private IDisposable? _subscription;
    private PeriodicTimer? _timer;

    public void Opened(HubCallerContext connection) => _connections[connection.ConnectionId] = connection;

    public void Closed(HubCallerContext connection) => _connections.TryRemove(connection.ConnectionId, out _);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = roleChanges.Subscribe(change => CheckAsync(change.AccountId, CancellationToken.None));
        // Started here, not in ExecuteAsync (which .NET 10 starts later on the thread pool): the first check is due one
        // interval after start-up.
        _timer = new PeriodicTimer(options.Value.RevalidateEvery, time);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _timer!.WaitForNextTickAsync(stoppingToken))
                await CheckAsync(accountId: null, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task CheckAsync(int? accountId, CancellationToken ct)
    {
        foreach (var connection in _connections.Values)
        {
            if (connection.User?.AccountId() is not { } owner || (accountId is not null && owner != accountId))
                continue;
            try
            {
                if (SyncHub.Allows(await check.RecheckAsync(connection.User!, ct)))
                    continue;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed read keeps the connection until the next check.
                logger.LogWarning(ex, "Could not re-check a sync hub connection's sign-in; trying again at the next check");
                continue;
            }
            if (logger.IsEnabled(LogLevel.Information))
                logger.LogInformation("Closed a sync hub connection of account {AccountId}: its session ended or its role was withdrawn", owner);
            Closed(connection);
            connection.Abort();
        }
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        _timer?.Dispose();
        base.Dispose();
    }
}
