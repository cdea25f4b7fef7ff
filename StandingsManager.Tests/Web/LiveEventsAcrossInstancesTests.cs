using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StandingsManager.App.Hubs;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.LiveEvents;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;
using static StandingsManager.Tests.TestSupport.SyncHubClients;

namespace StandingsManager.Tests.Web;

/// <summary>
/// Two app hosts on one PostgreSQL database, whatever the run's provider (only PostgreSQL runs several instances): what
/// happens on B reaches the pages, notifier subscribers and <c>/hubs/sync</c> clients of A. Both clocks stand still, so
/// nothing but the event crossing over can close a connection on A.
/// </summary>
public sealed class LiveEventsAcrossInstancesTests(LiveEventsAcrossInstancesTests.Pair pair) : IClassFixture<LiveEventsAcrossInstancesTests.Pair>
{
    public sealed class Pair : IAsyncLifetime
    {
        private string _database = "";

        public WatchedFakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);
        public StandingsAppFactory A { get; private set; } = null!;
        public StandingsAppFactory B { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            _database = await TestDatabases.NewPostgreSqlAsync();
            A = Host();
            B = Host();
            foreach (var host in new[] { A, B })
                await host.Services.GetRequiredService<PostgreSqlEventBridge>().ListenedAsync(1, TestContext.Current.CancellationToken).WaitAsync(SafetyNet);
        }

        private StandingsAppFactory Host()
        {
            var host = new StandingsAppFactory(
                settings: new() { ["Database:Provider"] = "PostgreSQL", ["ConnectionStrings:Standings"] = _database },
                services: s => s.AddSingleton<TimeProvider>(Time));
            _ = host.BaseAddress; // started one after the other, as an operator's rolling start would
            return host;
        }

        public async ValueTask DisposeAsync()
        {
            if (A is not null)
                await A.DisposeAsync();
            if (B is not null)
                await B.DisposeAsync();
            await TestDatabases.DropPostgreSqlAsync(_database);
        }
    }

    // A safety net against a hang on a busy machine, never a wait the test relies on.
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_approval_on_B_reaches_a_hub_client_and_a_subscriber_on_A()
    {
        var (a, b) = (pair.A, pair.B);
        var requester = await a.AccountOfAsync(DemoPersonas.MemberWithPendingRequest);
        await a.WithDbAsync(db => db.EnrolAsync(DemoPersonas.MemberWithPendingRequest, requester, pair.Time.GetUtcNow()));
        var request = await a.WithDbAsync(db => db.Requests.SingleAsync(r => r.RequesterAccountId == requester && r.Status == RequestStatus.Pending, Ct));
        var changesOnA = new List<StandingsChange>();
        var approvedOnA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = a.Services.GetRequiredService<StandingsEvents>().Subscribe(change =>
        {
            lock (changesOnA)
                changesOnA.Add(change);
            if (change.Kind == StandingsChangeKind.Entries)
                approvedOnA.TrySetResult();
            return Task.CompletedTask;
        });
        using var browser = new DemoSignIn(a.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Administrator); // the approver's role goes in another test
        await using var connection = Connect(a, browser.Cookies);
        var greeted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<long[]>(SyncHub.RunningMethod, _ => greeted.TrySetResult());
        connection.On<JsonElement>(SyncHub.EventMethod, e =>
        {
            if (e.GetProperty("kind").GetString() == "Queued" && e.GetProperty("characterId").GetInt64() == DemoPersonas.MemberWithPendingRequest)
                queued.TrySetResult(e);
        });
        await connection.StartAsync(Ct);
        await greeted.Task.WaitAsync(SafetyNet, Ct);

        await b.Services.GetRequiredService<RequestWorkflow>().ApproveAsync(
            await b.AccountOfAsync(DemoPersonas.Administrator), request.Id, 5, null, Ct);

        // B made the character due and said so; A only heard it.
        var change = await queued.Task.WaitAsync(SafetyNet, Ct);
        Assert.Equal(requester, change.GetProperty("accountId").GetInt32());
        await approvedOnA.Task.WaitAsync(SafetyNet, Ct);
        lock (changesOnA)
            Assert.Contains(new StandingsChange(StandingsChangeKind.Requests, request.ListId), changesOnA);
    }

    [Fact]
    public async Task A_role_withdrawn_on_B_closes_the_hub_connection_on_A_at_once()
    {
        var (a, b) = (pair.A, pair.B);
        using var browser = new DemoSignIn(a.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Approver);
        await using var connection = Connect(a, browser.Cookies);
        var closed = Closed(connection);
        await connection.StartAsync(Ct);
        var approver = await a.AccountOfAsync(DemoPersonas.Approver);
        var heardOnA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = a.Services.GetRequiredService<RoleChanges>().Subscribe(c =>
        {
            if (c.AccountId == approver)
                heardOnA.TrySetResult();
            return Task.CompletedTask;
        });

        await b.Services.GetRequiredService<UserAdministration>().WithdrawAsync(
            await b.AccountOfAsync(DemoPersonas.Administrator), approver, Role.Approver, "Left the approver team", Ct);
        await heardOnA.Task.WaitAsync(SafetyNet, Ct);
        await closed.Task.WaitAsync(SafetyNet, Ct);

        Assert.Equal(HubConnectionState.Disconnected, connection.State);
        // And a new connection on A is refused: the roles A caches moved with the change.
        await using var again = Connect(a, browser.Cookies);
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<HttpRequestException>(() => again.StartAsync(Ct))).StatusCode);
    }

    [Fact]
    public async Task A_session_ended_on_B_closes_its_hub_connection_on_A_at_once()
    {
        var (a, b) = (pair.A, pair.B);
        var administrator = await a.AccountOfAsync(DemoPersonas.Administrator);
        // The clocks stand still, so other tests' sessions of this account share its start time: find it as the new one.
        var earlier = await a.WithDbAsync(db => db.Sessions.Where(s => s.AccountId == administrator).Select(s => s.Id).ToListAsync(Ct));
        using var browser = new DemoSignIn(a.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Administrator);
        var session = await a.WithDbAsync(db => db.Sessions.Where(s => s.AccountId == administrator && !earlier.Contains(s.Id)).Select(s => s.Id).SingleAsync(Ct));
        await using var connection = Connect(a, browser.Cookies);
        var closed = Closed(connection);
        await connection.StartAsync(Ct);

        // What signing out on B does.
        await b.Services.GetRequiredService<AccountSessions>().EndAsync(session, Ct);
        await closed.Task.WaitAsync(SafetyNet, Ct);

        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task A_host_on_SQLite_runs_no_listener()
    {
        var data = StandingsAppFactory.NewDataDirectory();
        try
        {
            // On SQLite whatever the run's provider: the connection string given keeps the factory off PostgreSQL.
            await using var app = new StandingsAppFactory(dataDirectory: data, settings: new()
            {
                ["Database:Provider"] = "Sqlite",
                ["ConnectionStrings:Standings"] = StandingsManager.Core.CoreServiceCollectionExtensions.SqliteFile(Path.Combine(data, "standings.db")),
            });
            _ = app.BaseAddress;

            Assert.Null(app.Services.GetService<PostgreSqlEventBridge>());
            Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), s => s is PostgreSqlEventBridge);
        }
        finally
        {
            StandingsAppFactory.DeleteDataDirectory(data);
        }
        // The PostgreSQL hosts beside it do run one.
        Assert.Contains(pair.A.Services.GetServices<IHostedService>(), s => s is PostgreSqlEventBridge);
    }
}
