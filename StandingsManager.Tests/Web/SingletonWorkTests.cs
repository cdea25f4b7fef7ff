using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Notifications;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>Two app instances on one PostgreSQL database (always PostgreSQL: several instances are a PostgreSQL set-up).</summary>
public sealed class SingletonWorkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_instances_post_a_discord_alert_once()
    {
        var connectionString = await TestDatabases.NewPostgreSqlAsync();
        await using var receiver = await DiscordReceiver.StartAsync();
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "PostgreSQL",
                ["ConnectionStrings:Standings"] = connectionString,
                ["Notifications:DiscordWebhookUrl"] = receiver.WebhookUrl.ToString(),
            };
            await using (var a = new StandingsAppFactory(settings))
            await using (var b = new StandingsAppFactory(settings))
            {
                _ = a.BaseAddress;
                _ = b.BaseAddress;
                // Queued on A (an approver alert, say); both relays run every 15 s and either may find it first.
                await a.WithDbAsync(async db =>
                {
                    var now = DateTimeOffset.UtcNow;
                    db.OutboundAlerts.Add(new OutboundAlert { CreatedAt = now, NextAttemptAt = now, Title = "Queued on one instance" });
                    return await db.SaveChangesAsync(Ct);
                });
                var safety = System.Diagnostics.Stopwatch.StartNew();
                while (await a.WithDbAsync(d => d.OutboundAlerts.AnyAsync(x => x.SentAt == null, Ct)))
                {
                    if (safety.Elapsed > TimeSpan.FromSeconds(60))
                        Assert.Fail("Safety net: the alert was not sent within 60 s of real time.");
                    await Task.Delay(100, Ct);
                }
                // Each relay's next round too (every 15 s) finds nothing left to post.
                await Task.Delay(StandingsManager.App.Background.DiscordRelayLoop.Round + TimeSpan.FromSeconds(2), Ct);
            }
            var post = Assert.Single(receiver.Posts);
            Assert.Equal("**Queued on one instance**", post.GetProperty("content").GetString());
            Assert.Equal(1, receiver.Requests);
        }
        finally
        {
            await TestDatabases.DropPostgreSqlAsync(connectionString);
        }
    }
}
