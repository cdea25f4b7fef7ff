using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Notifications;

/// <summary>
/// Notifications are stored as keys and arguments and rendered when read: the bell in the reader's language (the
/// account's saved choice or the browser's, which the app makes the current UI culture), Discord in the operator's.
/// </summary>
public sealed class NotificationLanguageTests
{
    private static CancellationToken Ct => CoreTestDatabase.Ct;

    private static void Speak(string culture) => CoreLanguage.Set(culture);

    [Theory]
    [InlineData("de", "Ansehen für Alice Alt genehmigt: +7,5")]
    [InlineData("ru", "Репутация для Alice Alt одобрена: +7,5")]
    [InlineData("en", "Standing approved for Alice Alt: +7.5")]
    public async Task The_bell_shows_a_decision_in_the_readers_language(string culture, string expected)
    {
        await using var t = await CoreTestDatabase.CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);
        await t.Requests.ApproveAsync(cast.Carol, id, 7.5, "known scout", Ct);

        Speak(culture);
        var inbox = await new NotificationInbox(t).ReadAsync(cast.Alice, ct: Ct);
        var page = await new NotificationInbox(t).PageAsync(cast.Alice, unreadOnly: false, 0, 10, Ct);

        var decision = Assert.Single(inbox.Latest);
        Assert.Equal(expected, decision.Title);
        Assert.Equal("known scout", decision.Body); // the approver's own words stay as written
        Assert.Equal(expected, Assert.Single(page.Items).Title);
        // Stored in English, for anything that reads the row itself.
        await using var db = t.CreateDbContext();
        Assert.Equal("Standing approved for Alice Alt: +7.5", (await db.Notifications.SingleAsync(n => n.AccountId == cast.Alice, Ct)).Title);
    }

    [Fact]
    public async Task A_role_grant_reads_in_russian_with_the_role_named_in_russian()
    {
        await using var t = await CoreTestDatabase.CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.Get<UserAdministration>().GrantAsync(cast.Frank, cast.Bob, Role.Approver, "helps with the queue", Ct);

        Speak("ru");
        var grant = Assert.Single((await new NotificationInbox(t).ReadAsync(cast.Bob, ct: Ct)).Latest);

        Assert.Equal("Теперь у вас роль «Утверждающий»", grant.Title);
        Assert.Equal("Frank Admin назначил(а) вам роль «Утверждающий»: helps with the queue", grant.Body);
    }

    [Fact]
    public async Task Discord_speaks_the_operators_language()
    {
        await using var rig = await DiscordRelayTests.Rig.CreateAsync(language: "de");
        var cast = await rig.Database.SeedCastAsync();
        await rig.Database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        Speak("ru"); // whoever's culture the relay runs in, it posts in the setting's

        Assert.Equal(1, await rig.Relay.DeliverDueAsync(Ct));

        Assert.Equal("**Neue Ansehensanfrage: Alice Main**\nAngefragt von Alice Main.",
            Assert.Single(rig.Receiver.Posts).GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_long_sync_failure_reaches_discord_with_the_languages_dates_and_units()
    {
        await using var rig = await DiscordRelayTests.Rig.CreateAsync(language: "de");
        var cast = await rig.Database.SeedCastAsync();
        await using (var db = rig.Database.CreateDbContext())
            await db.EnrolAsync(Cast.AliceMain, cast.Alice, CoreTestDatabase.Start.AddDays(-1), SyncStatus.Error,
                lastSuccessAt: CoreTestDatabase.Start.AddMinutes(-30), message: "ESI is down.");
        rig.Database.Time.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal(1, await rig.Relay.QueueLongSyncFailuresAsync(Ct));
        await rig.Relay.DeliverDueAsync(Ct);

        Assert.Equal("**Kontaktsynchronisierung schlägt fehl: Alice Main**\n"
            + "Schlägt seit mehr als 1 Std. fehl (letzte erfolgreiche Synchronisierung 24.11.2026 11:30 UTC): ESI is down.",
            Assert.Single(rig.Receiver.Posts).GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_sync_problem_a_background_run_stored_rings_the_bell_in_the_readers_language()
    {
        await using var t = await CoreTestDatabase.CreateAsync();
        var cast = await t.SeedCastAsync();
        Speak("en"); // the scheduler's culture, not the member's
        await using (var db = t.CreateDbContext())
        {
            var synced = await db.EnrolAsync(Cast.AliceMain, cast.Alice, CoreTestDatabase.Start, SyncStatus.Ok);
            synced.SetStatus(SyncStatus.Error, SyncMessages.GrantRefused);
            await SyncProblemAlerts.NotifyIfNewAsync(db, synced, SyncStatus.Ok, null, CoreTestDatabase.Start, Ct);
            await db.SaveChangesAsync(Ct);
        }

        Speak("de");
        var alert = Assert.Single((await new NotificationInbox(t).ReadAsync(cast.Alice, ct: Ct)).Latest);

        Assert.Equal("EVE akzeptiert die Berechtigung dieses Charakters nicht mehr: Fügen Sie den Charakter erneut hinzu (Seite „Charaktere“).", alert.Body);
    }

    [Fact]
    public async Task A_long_sync_failure_a_background_run_stored_reaches_discord_in_the_operators_language()
    {
        await using var rig = await DiscordRelayTests.Rig.CreateAsync(language: "de");
        var cast = await rig.Database.SeedCastAsync();
        Speak("en");
        await using (var db = rig.Database.CreateDbContext())
        {
            var synced = await db.EnrolAsync(Cast.AliceMain, cast.Alice, CoreTestDatabase.Start.AddDays(-1), SyncStatus.Error,
                lastSuccessAt: CoreTestDatabase.Start.AddMinutes(-30));
            synced.SetStatus(SyncStatus.Error, SyncMessages.GrantRefused);
            await db.SaveChangesAsync(Ct);
        }
        rig.Database.Time.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal(1, await rig.Relay.QueueLongSyncFailuresAsync(Ct));
        await rig.Relay.DeliverDueAsync(Ct);

        Assert.EndsWith("UTC): EVE akzeptiert die Berechtigung dieses Charakters nicht mehr: Fügen Sie den Charakter erneut hinzu (Seite „Charaktere“).",
            Assert.Single(rig.Receiver.Posts).GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_language_the_app_does_not_speak_stops_start_up_with_one_message()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Notifications:Language"] = "pl" }).Build());
        services.AddNotifications();
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<NotificationsOptions>>().Value);

        Assert.Equal("Notifications:Language must be one of en, de, ru, fr, es, ja, ko, zh-Hans (the language of Discord messages); it is \"pl\".",
            Assert.Single(failure.Failures));
    }
}
