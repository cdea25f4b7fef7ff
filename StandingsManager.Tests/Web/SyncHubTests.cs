using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Hubs;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>The sync hub over a real SignalR connection to the app on its real port, signed in with the demo cookie.</summary>
public sealed class SyncHubTests(SyncHubTests.Server server) : IClassFixture<SyncHubTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public StandingsAppFactory App { get; } = new();
        public ValueTask InitializeAsync() => ValueTask.CompletedTask;
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    // A safety net against a hang on a busy machine, never a wait the test relies on.
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HubConnection Connect(CookieContainer? cookies, string? origin = null) => Connect(server.App, cookies, origin);

    private static HubConnection Connect(StandingsAppFactory app, CookieContainer? cookies, string? origin = null) => SyncHubClients.Connect(app, cookies, origin);

    private static TaskCompletionSource Closed(HubConnection connection) => SyncHubClients.Closed(connection);

    [Theory]
    [InlineData(DemoPersonas.Approver)]
    [InlineData(DemoPersonas.Administrator)]
    public async Task Approvers_receive_every_sync_event(long persona)
    {
        using var browser = new DemoSignIn(server.App.BaseAddress);
        await browser.SignInAsync(persona);
        await using var connection = Connect(browser.Cookies);
        var greeted = new TaskCompletionSource<long[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<long[]>(SyncHub.RunningMethod, ids => greeted.TrySetResult(ids));
        connection.On<JsonElement>(SyncHub.EventMethod, e => received.TrySetResult(e));

        await connection.StartAsync(Ct);
        // The greeting comes once the server counts this connection among its clients: from here on nothing is missed.
        await greeted.Task.WaitAsync(SafetyNet, Ct);
        var at = new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero);
        await server.App.Services.GetRequiredService<SyncEvents>()
            .PublishAsync(new SyncEvent(SyncEventKind.Finished, 424_242, 7, SyncStatus.Warning, "Contact label not found", Added: 3, Removed: 1, EsiCalls: 5, At: at));
        var change = await received.Task.WaitAsync(SafetyNet, Ct);

        Assert.Equal("Finished", change.GetProperty("kind").GetString());
        Assert.Equal(424_242, change.GetProperty("characterId").GetInt64());
        Assert.Equal(7, change.GetProperty("accountId").GetInt32());
        Assert.Equal("Warning", change.GetProperty("status").GetString());
        Assert.Equal("Contact label not found", change.GetProperty("message").GetString());
        Assert.Equal(3, change.GetProperty("added").GetInt32());
        Assert.Equal(1, change.GetProperty("removed").GetInt32());
        Assert.Equal(5, change.GetProperty("esiCalls").GetInt32());
        Assert.Equal(at, change.GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_client_connecting_mid_sync_is_told_what_is_running()
    {
        using var browser = new DemoSignIn(server.App.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Approver);
        var events = server.App.Services.GetRequiredService<SyncEvents>();
        await events.PublishAsync(new SyncEvent(SyncEventKind.Started, 515_151, 7, SyncStatus.Pending));
        await using var connection = Connect(browser.Cookies);
        var greeted = new TaskCompletionSource<long[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<long[]>(SyncHub.RunningMethod, ids => greeted.TrySetResult(ids));

        try
        {
            await connection.StartAsync(Ct);

            Assert.Contains(515_151, await greeted.Task.WaitAsync(SafetyNet, Ct));
        }
        finally
        {
            await events.PublishAsync(new SyncEvent(SyncEventKind.Finished, 515_151, 7, SyncStatus.Ok));
        }
    }

    [Theory]
    [InlineData(DemoPersonas.Member)]
    [InlineData(DemoPersonas.MemberWithPendingRequest)]
    [InlineData(DemoPersonas.Auditor)]
    public async Task Other_roles_are_refused_with_403(long persona)
    {
        using var browser = new DemoSignIn(server.App.BaseAddress);
        await browser.SignInAsync(persona);
        await using var connection = Connect(browser.Cookies);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(Ct));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_are_refused_with_401()
    {
        await using var connection = Connect(cookies: null);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Hub_requests_get_a_bare_status_not_the_sign_in_redirect()
    {
        using var browser = new DemoSignIn(server.App.BaseAddress);

        var anonymous = await browser.Client.PostAsync($"{SyncHub.Path}/negotiate?negotiateVersion=1", null, Ct);
        await browser.SignInAsync(DemoPersonas.Member);
        var member = await browser.Client.PostAsync($"{SyncHub.Path}/negotiate?negotiateVersion=1", null, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Null(anonymous.Headers.Location);
        Assert.Empty(await anonymous.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Null(member.Headers.Location);
    }

    [Fact]
    public async Task A_connection_whose_session_ended_is_closed_at_the_next_check()
    {
        var time = new WatchedFakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new StandingsAppFactory(services: s => s.AddSingleton<TimeProvider>(time));
        using var browser = new DemoSignIn(app.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Approver);
        await using var connection = Connect(app, browser.Cookies);
        var closed = Closed(connection);
        await connection.StartAsync(Ct);
        var approver = await app.AccountOfAsync(DemoPersonas.Approver);

        // The session ends behind the connection's back (deactivation, an administrator, expiry): no event tells the hub.
        await app.WithDbAsync(db => db.Sessions.Where(s => s.AccountId == approver).ExecuteDeleteAsync(Ct));
        time.Advance(TimeSpan.FromSeconds(30)); // Sessions:RevalidateEvery's default
        await closed.Task.WaitAsync(SafetyNet, Ct);

        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task A_connection_whose_role_is_withdrawn_is_closed_at_once()
    {
        // The clock never moves: only the role change itself can close the connection.
        var time = new WatchedFakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new StandingsAppFactory(services: s => s.AddSingleton<TimeProvider>(time));
        using var admin = new DemoSignIn(app.BaseAddress);
        await admin.SignInAsync(DemoPersonas.Administrator);
        using var browser = new DemoSignIn(app.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Approver);
        await using var connection = Connect(app, browser.Cookies);
        var closed = Closed(connection);
        await connection.StartAsync(Ct);

        await app.Services.GetRequiredService<UserAdministration>().WithdrawAsync(
            await app.AccountOfAsync(DemoPersonas.Administrator), await app.AccountOfAsync(DemoPersonas.Approver), Role.Approver, "Left the approver team", Ct);
        await closed.Task.WaitAsync(SafetyNet, Ct);

        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task A_page_on_another_site_is_refused_with_403()
    {
        using var browser = new DemoSignIn(server.App.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Approver);
        await using var connection = Connect(browser.Cookies, origin: "https://evil.example");

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(Ct));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_page_of_the_app_itself_may_connect()
    {
        using var browser = new DemoSignIn(server.App.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Approver);
        await using var connection = Connect(browser.Cookies, origin: server.App.BaseAddress.GetLeftPart(UriPartial.Authority));
        var greeted = new TaskCompletionSource<long[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<long[]>(SyncHub.RunningMethod, ids => greeted.TrySetResult(ids));

        await connection.StartAsync(Ct);

        Assert.NotNull(await greeted.Task.WaitAsync(SafetyNet, Ct));
    }
}
