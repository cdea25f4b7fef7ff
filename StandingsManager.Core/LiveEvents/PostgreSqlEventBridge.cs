using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;

namespace StandingsManager.Core.LiveEvents;

/// <summary>
/// Carries live events between instances that share one PostgreSQL database. Every change published on this instance's
/// notifiers (sync progress, standings changes, role and session changes) is sent with <c>NOTIFY</c> on
/// <see cref="Channel"/>, marked with <see cref="Origin"/>; one dedicated connection <c>LISTEN</c>s there and hands the
/// other instances' changes to the local notifiers, which do not send them on again. Its own echo is ignored. A dropped
/// listening connection is opened again at once, then after 1 s, 2 s, … up to <see cref="LongestRetry"/>; what was sent
/// meanwhile is lost, so after a reconnect open pages are told to reload their queues and lists.
/// </summary>
public sealed class PostgreSqlEventBridge : BackgroundService
{
    public const string Channel = "standings_events";

    /// <summary>Events waiting to be sent; in a burst beyond this the oldest go (the newest state matters most), logged.</summary>
    public const int Capacity = 10_000;

    /// <summary>NOTIFYs sent in one round trip when events pile up.</summary>
    private const int BatchSize = 200;

    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _senders;
    private readonly string _listenerConnectionString;
    private readonly SyncEvents _sync;
    private readonly StandingsEvents _standings;
    private readonly RoleChanges _roles;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgreSqlEventBridge> _logger;
    private readonly Channel<string> _outbound = System.Threading.Channels.Channel.CreateBounded<string>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    // Unbounded: fed only by the listening connection, and emptied as fast as local subscribers take the events.
    private readonly Channel<object> _inbound = System.Threading.Channels.Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private IDisposable[] _forwards = [];
    private int _dropped;
    private int _listens;
    private TaskCompletionSource _nextListen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PostgreSqlEventBridge(string connectionString, SyncEvents sync, StandingsEvents standings, RoleChanges roles, TimeProvider time,
        ILogger<PostgreSqlEventBridge> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _senders = NpgsqlDataSource.Create(connectionString);
        // Its own, unpooled connection, named so an operator sees it in pg_stat_activity; the keepalive notices a dead
        // server while the connection only waits.
        _listenerConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 15, ApplicationName = ListenerName }.ConnectionString;
        _sync = sync;
        _standings = standings;
        _roles = roles;
        _time = time;
        _logger = logger;
    }

    /// <summary>This instance, as its events name it.</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The listening connection's <c>application_name</c>.</summary>
    public string ListenerName => $"standings-events {Origin}";

    /// <summary>How many times the listening connection has started listening (1 at start-up, one more per reconnect).</summary>
    public int Listens => Volatile.Read(ref _listens);

    /// <summary>Completes once the listening connection has started listening <paramref name="count"/> times in all.</summary>
    public async Task ListenedAsync(int count, CancellationToken ct)
    {
        while (true)
        {
            // Read before the count: a listen after the check completes this one.
            var next = Volatile.Read(ref _nextListen);
            if (Listens >= count)
                return;
            await next.Task.WaitAsync(ct);
        }
    }

    // Hooked here, not in ExecuteAsync (which .NET 10 starts later on the thread pool), so no event after start-up is missed.
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _forwards = [_sync.ForwardTo(Forward), _standings.ForwardTo(Forward), _roles.ForwardTo(Forward)];
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        StopForwarding();
        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SendAsync(stoppingToken), ListenAsync(stoppingToken), DeliverAsync(stoppingToken));

    private Task Forward<T>(T change) where T : notnull
    {
        if (LiveEventPayload.Encode(Origin, change) is not { } payload)
        {
            _logger.LogWarning("A {Change} could not be sent to the other instances: it does not fit in a notification", typeof(T).Name);
            return Task.CompletedTask;
        }
        // DropOldest never refuses a write, so a full queue is the only sign that one is about to go.
        if (_outbound.Reader.Count >= Capacity)
            Interlocked.Increment(ref _dropped);
        _outbound.Writer.TryWrite(payload);
        return Task.CompletedTask;
    }

    private async Task SendAsync(CancellationToken ct)
    {
        var batch = new List<string>(BatchSize);
        try
        {
            while (await _outbound.Reader.WaitToReadAsync(ct))
            {
                batch.Clear();
                while (batch.Count < BatchSize && _outbound.Reader.TryRead(out var payload))
                    batch.Add(payload);
                try
                {
                    await using var notify = _senders.CreateBatch();
                    foreach (var payload in batch)
                        notify.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)") { Parameters = { new() { Value = Channel }, new() { Value = payload } } });
                    await notify.ExecuteNonQueryAsync(ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The pages of other instances catch up at their next reload or check; the feed goes on.
                    _logger.LogWarning(ex, "Could not send {Count} live events to the other instances", batch.Count);
                }
                if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
                    _logger.LogWarning("{Count} live events were not sent to the other instances: they came faster than the database took them", dropped);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_listenerConnectionString);
                connection.Notification += (_, e) => Received(e.Payload);
                await connection.OpenAsync(ct);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                failures = 0;
                if (Interlocked.Increment(ref _listens) > 1)
                {
                    _logger.LogInformation("Listening to the other instances' live events again");
                    CatchUp();
                }
                Interlocked.Exchange(ref _nextListen, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                while (true)
                    await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // At once the first time (a killed connection, a failover), then longer and longer while the server stays away.
                var wait = failures == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks << Math.Min(failures - 1, 16)));
                failures++;
                _logger.LogWarning(ex, "The connection that hears other instances' live events failed; opening it again in {Wait}", wait);
                try
                {
                    await Task.Delay(wait, _time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Received(string payload)
    {
        try
        {
            if (LiveEventPayload.Decode(payload) is { } received && received.Origin != Origin)
                _inbound.Writer.TryWrite(received.Change);
        }
        catch (JsonException ex)
        {
            _logger.LogWarning(ex, "Ignored a live event that is not one of ours on channel {Channel}", Channel);
        }
    }

    /// <summary>Events sent while the connection was down are lost: open queues and lists reload once instead.</summary>
    private void CatchUp()
    {
        foreach (var kind in Enum.GetValues<StandingsChangeKind>())
            _inbound.Writer.TryWrite(new StandingsChange(kind));
    }

    // One at a time and in order, so a page never hears "finished" before "started".
    private async Task DeliverAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var change in _inbound.Reader.ReadAllAsync(ct))
            {
                await (change switch
                {
                    SyncEvent e => _sync.ReceiveAsync(e),
                    StandingsChange e => _standings.ReceiveAsync(e),
                    RoleChange e => _roles.ReceiveAsync(e),
                    _ => Task.CompletedTask,
                });
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private void StopForwarding()
    {
        foreach (var forward in Interlocked.Exchange(ref _forwards, []))
            forward.Dispose();
    }

    public override void Dispose()
    {
        StopForwarding();
        _senders.Dispose();
        base.Dispose();
    }
}
