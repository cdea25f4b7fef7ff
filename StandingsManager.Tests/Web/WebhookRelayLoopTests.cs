using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Webhooks;

namespace StandingsManager.Tests.Web;

/// <summary>The app's webhook loop, on a fake clock that never moves: only a change's own event can make it post.</summary>
public sealed class WebhookRelayLoopTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Real time only as a safety net against a hang, never as a timing assertion.</summary>
    private static async Task ReceivedAsync(WebhookReceiver receiver, int count)
    {
        var safety = Stopwatch.StartNew();
        while (receiver.Received.Count < count)
        {
            if (safety.Elapsed > TimeSpan.FromSeconds(30))
                Assert.Fail($"Safety net: {receiver.Received.Count} of {count} events arrived within 30 s of real time.");
            await Task.Delay(20, Ct);
        }
    }

    [Fact]
    public async Task A_change_wakes_the_relay_without_waiting_for_its_round()
    {
        var time = new WatchedFakeTimeProvider(DateTimeOffset.UtcNow);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = new StandingsAppFactory(new Dictionary<string, string?> { ["Webhooks:AllowNonPublicAddresses"] = "true" },
            services: s => s.AddSingleton<TimeProvider>(time));
        var admin = await app.AccountOfAsync(DemoPersonas.Administrator);
        await app.Services.GetRequiredService<WebhookAdmin>().CreateAsync(admin, StandingsList.FirstListId, receiver.Url.ToString(), Ct);
        var entries = app.Services.GetRequiredService<StandingsAdmin>();
        var start = time.GetUtcNow();

        // The first may also go with the loop's first round at start-up; the second can only go because it woke the loop.
        await entries.AddAsync(StandingsList.FirstListId, admin, 98_765_001, EntityType.Corporation, "Hook Test One", -5, null, Ct);
        await ReceivedAsync(receiver, 1);
        await entries.AddAsync(StandingsList.FirstListId, admin, 98_765_002, EntityType.Corporation, "Hook Test Two", -10, null, Ct);
        await ReceivedAsync(receiver, 2);

        Assert.Equal(start, time.GetUtcNow());
        Assert.Equal(["entry.added", "entry.added"], receiver.Received.Select(r => r.EventType));
    }
}
