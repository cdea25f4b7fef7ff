using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Notifications;

public sealed class DiscordRelayTests
{
    private static CancellationToken Ct => CoreTestDatabase.Ct;

    /// <summary>The relay as the app builds it (its HTTP client registration included), on the test database and clock.</summary>
    internal sealed class Rig : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private Rig(CoreTestDatabase database, DiscordReceiver receiver, string? webhook, string language)
        {
            Database = database;
            Receiver = receiver;
            var services = new ServiceCollection();
            services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
            services.AddLogging(l => l.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
            services.AddSingleton<TimeProvider>(database.Time);
            services.AddSingleton<IDbContextFactory<StandingsManager.Core.Persistence.StandingsDbContext>>(database);
            services.AddNotifications();
            services.Configure<NotificationsOptions>(o =>
            {
                o.DiscordWebhookUrl = webhook;
                o.Language = language;
            });
            _services = services.BuildServiceProvider();
        }

        public CoreTestDatabase Database { get; }
        public DiscordReceiver Receiver { get; }
        public CapturingLoggerProvider Logs { get; } = new();
        public DiscordRelay Relay => _services.GetRequiredService<DiscordRelay>();

        /// <param name="onFile">Each context on its own connection (a file, or PostgreSQL), for relays running truly at once.</param>
        /// <param name="language">Notifications:Language, the operator's language for Discord.</param>
        public static async Task<Rig> CreateAsync(bool configured = true, bool onFile = false, string language = "en")
        {
            var receiver = await DiscordReceiver.StartAsync();
            var database = onFile ? await CoreTestDatabase.CreateOnFileAsync() : await CoreTestDatabase.CreateAsync();
            return new Rig(database, receiver, configured ? receiver.WebhookUrl.ToString() : null, language);
        }

        public async Task<List<OutboundAlert>> AlertsAsync()
        {
            await using var db = Database.CreateDbContext();
            return await db.OutboundAlerts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(Ct);
        }

        public async ValueTask DisposeAsync()
        {
            await _services.DisposeAsync();
            await Receiver.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_new_request_reaches_discord_once_without_pings()
    {
        await using var rig = await Rig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();
        await rig.Database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        Assert.Equal(1, await rig.Relay.DeliverDueAsync(Ct));
        Assert.Equal(0, await rig.Relay.DeliverDueAsync(Ct));

        var post = Assert.Single(rig.Receiver.Posts);
        Assert.Equal("**New standing request: Alice Main**\nRequested by Alice Main.", post.GetProperty("content").GetString());
        Assert.Equal(0, post.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.Equal(CoreTestDatabase.Start, Assert.Single(await rig.AlertsAsync()).SentAt);
    }

    [Fact]
    public async Task A_429_waits_as_long_as_discord_says_then_sends()
    {
        await using var rig = await Rig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();
        await rig.Database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await rig.Database.Requests.RequestForCharacterAsync(cast.Bob, Cast.BobMain, Ct);
        rig.Receiver.ThenRateLimit(2.5);

        Assert.Equal(0, await rig.Relay.DeliverDueAsync(Ct));
        Assert.All(await rig.AlertsAsync(), a => Assert.Equal(CoreTestDatabase.Start.AddSeconds(2.5), a.NextAttemptAt));
        rig.Database.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, await rig.Relay.DeliverDueAsync(Ct));
        Assert.Equal(1, rig.Receiver.Requests); // nothing went out while Discord said wait

        rig.Database.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await rig.Relay.DeliverDueAsync(Ct));
        Assert.Equal(["**New standing request: Alice Main**", "**New standing request: Bob Main**"],
            rig.Receiver.Posts.Select(p => p.GetProperty("content").GetString()!.Split('\n')[0]));
        Assert.All(await rig.AlertsAsync(), a => Assert.Equal(0, a.Attempts));
    }

    [Fact]
    public async Task Server_errors_back_off_and_are_given_up_after_the_last_attempt()
    {
        await using var rig = await Rig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();
        await rig.Database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        for (var i = 0; i < DiscordRelay.MaxAttempts; i++)
            rig.Receiver.ThenStatus(502);

        for (var attempt = 1; attempt < DiscordRelay.MaxAttempts; attempt++)
        {
            Assert.Equal(0, await rig.Relay.DeliverDueAsync(Ct));
            var alert = Assert.Single(await rig.AlertsAsync());
            Assert.Equal(attempt, alert.Attempts);
            Assert.Equal(rig.Database.Time.GetUtcNow() + TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, attempt - 1))), alert.NextAttemptAt);
            Assert.Equal(0, await rig.Relay.DeliverDueAsync(Ct)); // not due yet: no request
            Assert.Equal(attempt, rig.Receiver.Requests);
            rig.Database.Time.SetUtcNow(alert.NextAttemptAt);
        }
        Assert.Equal(0, await rig.Relay.DeliverDueAsync(Ct));

        var abandoned = Assert.Single(await rig.AlertsAsync());
        Assert.NotNull(abandoned.AbandonedAt);
        Assert.Contains(rig.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("Gave up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_webhook_is_logged_without_its_token()
    {
        await using var rig = await Rig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();
        await rig.Database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        rig.Receiver.ThenStatus(404);

        Assert.Equal(0, await rig.Relay.DeliverDueAsync(Ct));
        await rig.Database.Requests.RequestForCharacterAsync(cast.Bob, Cast.BobMain, Ct);
        Assert.Equal(1, await rig.Relay.DeliverDueAsync(Ct));

        Assert.NotNull((await rig.AlertsAsync())[0].AbandonedAt);
        Assert.Contains(rig.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("404", StringComparison.Ordinal));
        // Trace-level logging of everything, HTTP included: the webhook's token appears nowhere.
        Assert.NotEmpty(rig.Logs.Lines);
        Assert.DoesNotContain(rig.Logs.Lines, l => l.Contains(DiscordReceiver.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Receiver.Posts, p => p.GetRawText().Contains(DiscordReceiver.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_webhook_nothing_is_posted_and_the_outbox_does_not_grow()
    {
        await using var rig = await Rig.CreateAsync(configured: false);
        var cast = await rig.Database.SeedCastAsync();
        await rig.Database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        Assert.Equal(0, await rig.Relay.DeliverDueAsync(Ct));
        Assert.Equal(0, await rig.Relay.QueueLongSyncFailuresAsync(Ct));

        Assert.Equal(0, rig.Receiver.Requests);
        Assert.NotNull(Assert.Single(await rig.AlertsAsync()).AbandonedAt);
        rig.Database.Time.Advance(TimeSpan.FromDays(8));
        Assert.Equal(1, await rig.Relay.PruneAsync(Ct));
        Assert.Empty(await rig.AlertsAsync());
    }

    [Fact]
    public async Task A_sync_failing_for_over_an_hour_is_posted_once_per_failure()
    {
        await using var rig = await Rig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();
        var start = CoreTestDatabase.Start;
        await using (var db = rig.Database.CreateDbContext())
        {
            await db.EnrolAsync(Cast.AliceMain, cast.Alice, start.AddDays(-1), SyncStatus.Error, lastSuccessAt: start.AddMinutes(-30), message: "The grant was revoked in EVE.");
            await db.EnrolAsync(Cast.BobMain, cast.Bob, start.AddDays(-1), SyncStatus.Ok, lastSuccessAt: start.AddHours(-3));
        }

        Assert.Equal(0, await rig.Relay.QueueLongSyncFailuresAsync(Ct)); // failing for 30 minutes only
        rig.Database.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(1, await rig.Relay.QueueLongSyncFailuresAsync(Ct));
        Assert.Equal(0, await rig.Relay.QueueLongSyncFailuresAsync(Ct)); // the same failure, already told
        await rig.Relay.DeliverDueAsync(Ct);
        var post = Assert.Single(rig.Receiver.Posts).GetProperty("content").GetString()!;
        Assert.StartsWith("**Contact sync failing: Alice Main**", post, StringComparison.Ordinal);
        Assert.Contains("The grant was revoked in EVE.", post, StringComparison.Ordinal);

        // It recovers, then fails again for over an hour: a new failure, a new post.
        rig.Database.Time.Advance(TimeSpan.FromMinutes(10));
        await using (var db = rig.Database.CreateDbContext())
        {
            var synced = await db.SyncedCharacters.SingleAsync(s => s.CharacterId == Cast.AliceMain, Ct);
            synced.LastSuccessAt = rig.Database.Time.GetUtcNow();
            await db.SaveChangesAsync(Ct);
        }
        rig.Database.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(1, await rig.Relay.QueueLongSyncFailuresAsync(Ct));
    }

    [Fact]
    public async Task A_second_relay_running_while_the_first_posts_does_not_post_the_alert_again()
    {
        await using var rig = await Rig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();
        await rig.Database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await rig.Database.Requests.RequestForCharacterAsync(cast.Bob, Cast.BobMain, Ct);
        var first = rig.Relay;
        var second = rig.Relay; // another instance's relay: it shares nothing with the first but the database
        var secondSent = -1;
        // The first relay read both alerts and is posting Alice's: its lease has run out, say, and the second relay runs a whole round.
        rig.Receiver.ThenDuring(async () => secondSent = await second.DeliverDueAsync(Ct));

        var firstSent = await first.DeliverDueAsync(Ct);

        // The second took Bob's (free), not Alice's (claimed); the first skipped Bob's, claimed meanwhile.
        Assert.Equal((1, 1), (firstSent, secondSent));
        Assert.Equal(["**New standing request: Bob Main**", "**New standing request: Alice Main**"],
            rig.Receiver.Posts.Select(p => p.GetProperty("content").GetString()!.Split('\n')[0]));
        Assert.All(await rig.AlertsAsync(), a => Assert.NotNull(a.SentAt));
        Assert.Equal(0, await first.DeliverDueAsync(Ct));
        Assert.Equal(0, await second.DeliverDueAsync(Ct));
        Assert.Equal(2, rig.Receiver.Requests);
    }

    [Fact]
    public async Task Two_relays_at_once_post_each_alert_once_and_raise_a_sync_failure_once()
    {
        await using var rig = await Rig.CreateAsync(onFile: true);
        var cast = await rig.Database.SeedCastAsync();
        var start = CoreTestDatabase.Start;
        await using (var db = rig.Database.CreateDbContext())
        {
            await db.EnrolAsync(Cast.AliceMain, cast.Alice, start.AddDays(-1), SyncStatus.Error, lastSuccessAt: start.AddHours(-2), message: "ESI is down.");
            for (var i = 0; i < 5; i++)
                db.OutboundAlerts.Add(new OutboundAlert { CreatedAt = start, NextAttemptAt = start, Title = $"Alert {i}" });
            await db.SaveChangesAsync(Ct);
        }

        var queued = await Task.WhenAll(rig.Relay.QueueLongSyncFailuresAsync(Ct), rig.Relay.QueueLongSyncFailuresAsync(Ct));
        var sent = await Task.WhenAll(rig.Relay.DeliverDueAsync(Ct), rig.Relay.DeliverDueAsync(Ct));

        Assert.Equal(1, queued.Sum());
        Assert.Equal(6, sent.Sum());
        var contents = rig.Receiver.Posts.Select(p => p.GetProperty("content").GetString()!).ToList();
        Assert.Equal(6, contents.Count);
        Assert.Equal(contents.Count, contents.Distinct().Count());
        Assert.Single(contents, c => c.StartsWith("**Contact sync failing: Alice Main**", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_webhook_url_stops_start_up_without_repeating_it()
    {
        var result = new NotificationsOptionsValidator().Validate(null, new NotificationsOptions { DiscordWebhookUrl = "http://discord.example/api/webhooks/1/" + DiscordReceiver.Token });

        var failure = Assert.Single(result.Failures!);
        Assert.Contains("Notifications:DiscordWebhookUrl must be an https URL", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(DiscordReceiver.Token, failure, StringComparison.Ordinal);
        Assert.True(new NotificationsOptionsValidator().Validate(null, new NotificationsOptions { DiscordWebhookUrl = "https://discord.com/api/webhooks/1/x" }).Succeeded);
    }
}
