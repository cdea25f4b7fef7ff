using StandingsManager.Core.Localization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Webhooks;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Webhooks;

/// <summary>The relay posting to a real local receiver over HTTP, on the fake clock, on the run's database.</summary>
public sealed class WebhookRelayTests
{
    private static CancellationToken Ct => CoreTestDatabase.Ct;
    private const long Pirates = 98_000_004;

    private static async Task<(Cast Cast, WebhookCreated Hook)> RegisterAsync(WebhookRig rig)
    {
        var cast = await rig.Database.SeedCastAsync();
        var hook = await rig.Admin.CreateAsync(cast.Erin, StandingsList.FirstListId, rig.Receiver.Url.ToString(), Ct);
        return (cast, hook);
    }

    /// <summary>Adds, edits and removes one entry: three events.</summary>
    private static async Task ThreeChangesAsync(WebhookRig rig, Cast cast)
    {
        var admin = rig.Database.Admin;
        var id = await admin.AddAsync(StandingsList.FirstListId, cast.Erin, Pirates, EntityType.Corporation, "Pirate Menace", -5, "pirates", Ct);
        await admin.EditAsync(cast.Erin, id, 0, -10, "Shoot on sight", Ct);
        await admin.RemoveAsync(cast.Erin, id, 1, "Gone", Ct);
    }

    private static List<JsonElement> Events(WebhookRig rig) =>
        [.. rig.Receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.Clone())];

    [Fact]
    public async Task Each_change_is_posted_once_in_order_as_signed_json()
    {
        await using var rig = await WebhookRig.CreateAsync();
        var (cast, hook) = await RegisterAsync(rig);
        rig.Database.Time.Advance(TimeSpan.FromSeconds(3));
        await ThreeChangesAsync(rig, cast);

        Assert.Equal(3, await rig.Relay.DeliverDueAsync(Ct));
        Assert.Equal(0, await rig.Relay.DeliverDueAsync(Ct));

        var ids = await rig.ChangeIdsAsync();
        var received = rig.Receiver.Received.ToList();
        Assert.Equal(ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), received.Select(r => r.EventId));
        Assert.Equal(["entry.added", "entry.changed", "entry.removed"], received.Select(r => r.EventType));
        foreach (var r in received)
        {
            // The receiver's own check: HMAC-SHA256 of the exact bytes with the secret it was shown once.
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(hook.Secret), r.Body));
            Assert.Equal(expected, r.Signature);
            Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal);
        }
        var events = Events(rig);
        var first = events[0];
        Assert.Equal(ids[0], first.GetProperty("id").GetInt64());
        Assert.Equal("entry.added", first.GetProperty("type").GetString());
        Assert.Equal("2026-11-24T12:00:03.000Z", first.GetProperty("time").GetString());
        Assert.Equal(StandingsList.FirstListId, first.GetProperty("list").GetProperty("id").GetInt32());
        Assert.Equal((Pirates, "corporation", "Pirate Menace"), (first.GetProperty("entity").GetProperty("id").GetInt64(),
            first.GetProperty("entity").GetProperty("type").GetString(), first.GetProperty("entity").GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("standingBefore").ValueKind);
        Assert.Equal(-5, first.GetProperty("standingAfter").GetDouble());
        Assert.Equal((-5.0, -10.0), (events[1].GetProperty("standingBefore").GetDouble(), events[1].GetProperty("standingAfter").GetDouble()));
        Assert.Equal("Shoot on sight", events[1].GetProperty("notes").GetString());
        Assert.Equal(JsonValueKind.Null, events[2].GetProperty("standingAfter").ValueKind);

        var row = await rig.WebhookAsync(hook.Id);
        Assert.Equal((ids[2], 200, (string?)null, CoreTestDatabase.Start.AddSeconds(3)), (row.LastEventId, row.LastStatus, row.LastError, row.LastDeliveryAt));
    }

    [Fact]
    public async Task A_webhook_posts_only_its_own_lists_changes_made_after_it_was_registered()
    {
        await using var rig = await WebhookRig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();
        await rig.Database.GrantViaRequestAsync(cast, Cast.AliceMain); // before the webhook
        int other;
        await using (var db = rig.Database.CreateDbContext())
            other = await TestLists.AddAsync(db, "Partners");
        await rig.Admin.CreateAsync(cast.Erin, StandingsList.FirstListId, rig.Receiver.Url.ToString(), Ct);
        await rig.Database.Admin.AddAsync(other, cast.Erin, Pirates, EntityType.Corporation, "Pirate Menace", -5, null, Ct);
        // Two lists take requests now: Alice names hers.
        var request = await rig.Database.Requests.RequestForCharacterAsync(StandingsList.FirstListId, cast.Alice, Cast.AliceAlt, Ct);
        await rig.Database.Requests.ApproveAsync(cast.Carol, request, 5, null, Ct);

        Assert.Equal(1, await rig.Relay.DeliverDueAsync(Ct));
        Assert.Equal(Cast.AliceAlt, Assert.Single(Events(rig)).GetProperty("entity").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_failed_post_backs_off_and_nothing_later_overtakes_it()
    {
        await using var rig = await WebhookRig.CreateAsync();
        var (cast, hook) = await RegisterAsync(rig);
        await ThreeChangesAsync(rig, cast);
        rig.Receiver.ThenStatus(503);

        Assert.Equal(0, await rig.Relay.DeliverDueAsync(Ct));
        var row = await rig.WebhookAsync(hook.Id);
        Assert.Equal((1, 503, CoreTestDatabase.Start.AddMinutes(1)), (row.Attempts, row.LastStatus, row.NextAttemptAt));
        Assert.Equal("The receiver answered 503 Service Unavailable.", row.LastError);
        // The relay has no reader; an administrator reads the failure in their language.
        Assert.Equal("Der Empfänger antwortete 503 Service Unavailable.", Translations.FromJson(row.LastErrorTexts)?.In(System.Globalization.CultureInfo.GetCultureInfo("de")));
        Assert.Equal(0, await rig.Relay.DeliverDueAsync(Ct)); // not due yet: nothing posted, not even the later events
        Assert.Single(rig.Receiver.Received);

        rig.Database.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(3, await rig.Relay.DeliverDueAsync(Ct));
        var ids = await rig.ChangeIdsAsync();
        Assert.Equal([ids[0], ids[0], ids[1], ids[2]], rig.Receiver.Received.Select(r => long.Parse(r.EventId!, System.Globalization.CultureInfo.InvariantCulture)));
        row = await rig.WebhookAsync(hook.Id);
        Assert.Equal((0, 200, (string?)null), (row.Attempts, row.LastStatus, row.LastError));
    }

    [Fact]
    public async Task An_event_that_keeps_failing_is_given_up_after_the_last_attempt_and_the_next_one_follows()
    {
        await using var rig = await WebhookRig.CreateAsync();
        var (cast, hook) = await RegisterAsync(rig);
        await ThreeChangesAsync(rig, cast);
        for (var i = 0; i < WebhookRelay.MaxAttempts; i++)
            rig.Receiver.ThenStatus(500);

        for (var attempt = 1; attempt < WebhookRelay.MaxAttempts; attempt++)
        {
            Assert.Equal(0, await rig.Relay.DeliverDueAsync(Ct));
            var row = await rig.WebhookAsync(hook.Id);
            Assert.Equal(attempt, row.Attempts);
            Assert.Equal(rig.Database.Time.GetUtcNow() + TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, attempt - 1))), row.NextAttemptAt);
            rig.Database.Time.SetUtcNow(row.NextAttemptAt);
        }
        Assert.Equal(0, await rig.Relay.DeliverDueAsync(Ct)); // the last attempt fails too: given up

        var ids = await rig.ChangeIdsAsync();
        var abandoned = await rig.WebhookAsync(hook.Id);
        Assert.Equal((ids[0], 1, 0), (abandoned.LastEventId, abandoned.AbandonedEvents, abandoned.Attempts));
        Assert.StartsWith($"Gave up event {ids[0]} after {WebhookRelay.MaxAttempts} attempts.", abandoned.LastError, StringComparison.Ordinal);
        Assert.StartsWith($"Ereignis {ids[0]} nach {WebhookRelay.MaxAttempts} Versuchen aufgegeben. Der Empfänger antwortete",
            Translations.FromJson(abandoned.LastErrorTexts)?.In(System.Globalization.CultureInfo.GetCultureInfo("de")), StringComparison.Ordinal);
        Assert.Contains(rig.Logs.Lines, l => l.Contains($"gave up event {ids[0]}", StringComparison.Ordinal));

        Assert.Equal(2, await rig.Relay.DeliverDueAsync(Ct));
        Assert.Equal([ids[1], ids[2]], rig.Receiver.Received.Skip(WebhookRelay.MaxAttempts).Select(r => long.Parse(r.EventId!, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_crash_between_the_post_and_its_record_resends_that_one_event_once()
    {
        await using var rig = await WebhookRig.CreateAsync();
        var (cast, hook) = await RegisterAsync(rig);
        await ThreeChangesAsync(rig, cast);
        using var crash = new CancellationTokenSource();
        // The receiver has the first event when the relay's process dies: its answer is never recorded.
        rig.Receiver.ThenDuring(async () => await crash.CancelAsync());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Relay.DeliverDueAsync(crash.Token));
        Assert.Equal(0, await rig.Relay.DeliverDueAsync(Ct)); // the claim holds the webhook until it runs out

        rig.Database.Time.Advance(WebhookRelay.ClaimFor);
        Assert.Equal(3, await rig.Relay.DeliverDueAsync(Ct));
        var ids = await rig.ChangeIdsAsync();
        Assert.Equal([ids[0], ids[0], ids[1], ids[2]], rig.Receiver.Received.Select(r => long.Parse(r.EventId!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(ids[2], (await rig.WebhookAsync(hook.Id)).LastEventId);
    }

    [Fact]
    public async Task Two_relays_on_one_database_post_each_event_once_in_order()
    {
        await using var rig = await WebhookRig.CreateAsync(onFile: true);
        var (cast, _) = await RegisterAsync(rig);
        for (var i = 0; i < 4; i++)
            await ThreeChangesAsync(rig, cast);
        await using var second = new WebhookRig(rig.Database, rig.Receiver, keys: rig.Keys);
        // The second relay's whole round runs while the first one's post is in flight.
        var during = 0;
        rig.Receiver.ThenDuring(async () => during = await second.Relay.DeliverDueAsync(Ct));

        var first = await rig.Relay.DeliverDueAsync(Ct);

        Assert.Equal(0, during);
        Assert.Equal(12, first + await second.Relay.DeliverDueAsync(Ct));
        Assert.Equal(await rig.ChangeIdsAsync(), rig.Receiver.Received.Select(r => long.Parse(r.EventId!, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Two_relays_racing_for_the_same_webhooks_never_post_an_event_twice()
    {
        await using var rig = await WebhookRig.CreateAsync(onFile: true);
        var (cast, _) = await RegisterAsync(rig);
        for (var i = 0; i < 4; i++)
            await ThreeChangesAsync(rig, cast);
        await using var second = new WebhookRig(rig.Database, rig.Receiver, keys: rig.Keys);

        await Task.WhenAll(Task.Run(() => rig.Relay.DeliverDueAsync(Ct), Ct), Task.Run(() => second.Relay.DeliverDueAsync(Ct), Ct));
        // A round stops where the other relay holds the claim; later rounds post what is left.
        while (await rig.Relay.DeliverDueAsync(Ct) > 0)
        {
        }

        var ids = await rig.ChangeIdsAsync();
        Assert.Equal(ids, rig.Receiver.Received.Select(r => long.Parse(r.EventId!, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_address_rule_is_checked_again_at_delivery()
    {
        await using var rig = await WebhookRig.CreateAsync();
        var (cast, hook) = await RegisterAsync(rig);
        await ThreeChangesAsync(rig, cast);
        // The same database and keys, on an instance that keeps to the rule: the receiver is on loopback.
        await using var strict = new WebhookRig(rig.Database, rig.Receiver, allowNonPublic: false, keys: rig.Keys);

        Assert.Equal(0, await strict.Relay.DeliverDueAsync(Ct));

        Assert.Empty(rig.Receiver.Received);
        var row = await rig.WebhookAsync(hook.Id);
        Assert.Equal((1, (int?)null), (row.Attempts, row.LastStatus));
        Assert.Equal("The URL must start with https:// (events are signed, not hidden: only TLS keeps them private on the way).", row.LastError);
    }

    [Fact]
    public async Task A_connection_to_a_name_that_resolves_inside_is_refused_by_the_client()
    {
        await using var rig = await WebhookRig.CreateAsync(allowNonPublic: false);
        var change = new EntryChange { Id = 1, ListId = 1, EntityId = 1, EntityName = "X", Kind = EntryChangeKind.Added, StandingAfter = 1, At = CoreTestDatabase.Start };
        var client = rig.Client;
        // https to localhost: the scheme passes, the connect step refuses what the name resolves to.
        var result = await client.PostAsync(new Uri($"https://localhost:{rig.Receiver.Url.Port}/hooks/standings"), WebhookEvent.From(change, "L"), "secret", Ct);

        Assert.False(result.Delivered);
        Assert.Null(result.Status);
        Assert.Contains("is not a public internet address", result.Error?.Render(), StringComparison.Ordinal);
        Assert.Empty(rig.Receiver.Received);
    }

}
