using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Hubs;
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

    private HubConnection Connect(CookieContainer? cookies) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server.App.BaseAddress, SyncHub.Path), o =>
            {
                if (cookies is not null)
                    o.Cookies = cookies;
            })
            .Build();

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
}
