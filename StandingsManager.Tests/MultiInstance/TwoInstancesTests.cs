using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.E2E;
using StandingsManager.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.MultiInstance;

/// <summary>
/// Issue 14's proof with real processes (<see cref="InstanceCluster"/>): two production instances on one PostgreSQL
/// database against a simulated EVE in a third process. Mia Member signs in on A with her alt Milo Member (a character
/// of the simulated EVE with personal contacts of his own); Ada Admiral approves on B.
/// </summary>
[Trait("Category", "E2E")]
public sealed class TwoInstancesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const long Mia = DemoPersonas.Member;
    private const long Milo = DemoPersonas.MemberWithPendingRequest;
    private const double Approved = 7.5;

    /// <summary>Cross-process work on a busy machine gets room: a safety net, not a timing claim.</summary>
    private static readonly LocatorAssertionsToContainTextOptions Patiently = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToHaveTextOptions PatientlyText = new() { Timeout = 60_000 };

    [Fact]
    public async Task A_request_on_A_approved_on_B_reaches_the_alt_once_and_the_pages_follow_live_across_instances()
    {
        await using var cluster = await InstanceCluster.StartAsync(esiLatencyMs: 0);
        using var eve = new SimulatedEveContacts(cluster.Eve);
        var personal = await eve.OfAsync(Milo);

        await browser.WithPageAsync(nameof(A_request_on_A_approved_on_B_reaches_the_alt_once_and_the_pages_follow_live_across_instances), async page =>
        {
            page.SetDefaultTimeout(SlowMachine);
            // On A: Mia adds her alt and puts it in sync; its first sync finds nothing to write yet.
            var mia = new StandingsPages(page, cluster.AddressA);
            await SignInWithAltAsync(mia);
            await mia.GotoAsync("/sync");
            await mia.WaitForInteractiveAsync();
            await mia.ByTestId($"add-{Milo}").ClickAsync();
            await cluster.WaitUntilAsync("the alt's first sync", () => cluster.WithDbAsync(db => db.SyncRuns.AnyAsync(r => r.CharacterId == Milo && r.Outcome == SyncStatus.Ok)));

            // On B, Ada Admiral has the queue open; Mia requests on A, and B's queue shows it by itself.
            await using var adaContext = await browser.Browser.NewContextAsync(new() { IgnoreHTTPSErrors = true });
            var ada = new StandingsPages(await NewPageAsync(adaContext), cluster.AddressB);
            await ada.SignInAsync("/manage/requests", InstanceCluster.Administrator, "Ada Admiral");
            await RequestAsync(mia);
            await Expect(ada.ByTestId($"queue-entity-{Mia}")).ToHaveTextAsync("Mia Member", PatientlyText);

            // Mia watches her synced characters on A while Ada approves on B.
            await mia.GotoAsync("/sync");
            await mia.WaitForInteractiveAsync();
            await ApproveAsync(ada);

            // The contact reaches the alt in EVE exactly once, and A's open page shows that sync live.
            // EVE holds the contact a moment before the instance has ESI's answer and marks the ledger row written.
            await cluster.WaitUntilAsync("the approved standing reaching the alt and its write recorded", async () =>
                (await eve.OfAsync(Milo)).Any(c => c.ContactId == Mia)
                && await cluster.WithDbAsync(db => db.ManagedContacts.AnyAsync(m => m.CharacterId == Milo && m.ContactId == Mia && m.State == LedgerState.Written)));
            await AssertContactsExactlyRightAsync(cluster, eve, personal);
            await Expect(mia.ByTestId($"live-{Milo}")).ToContainTextAsync("Done: +1 added", Patiently);
        }, ignoreHttpsErrors: true);

        await AssertTheRequestAlertArrivedOnceAsync(cluster);
    }

    [Fact]
    public async Task A_killed_while_syncing_leaves_the_character_to_B_which_finishes_within_two_minutes_with_the_contacts_exactly_right()
    {
        // Every ESI answer takes 4 s, so A is caught in the middle of its sync.
        await using var cluster = await InstanceCluster.StartAsync(esiLatencyMs: 4_000);
        using var eve = new SimulatedEveContacts(cluster.Eve);
        var personal = await eve.OfAsync(Milo);

        await browser.WithPageAsync(nameof(A_killed_while_syncing_leaves_the_character_to_B_which_finishes_within_two_minutes_with_the_contacts_exactly_right), async page =>
        {
            page.SetDefaultTimeout(SlowMachine);
            // Mia requests on A; Ada approves on B; only then does Mia put her alt in sync, on A.
            var mia = new StandingsPages(page, cluster.AddressA);
            await SignInWithAltAsync(mia);
            await RequestAsync(mia);
            await using (var adaContext = await browser.Browser.NewContextAsync(new() { IgnoreHTTPSErrors = true }))
            {
                var ada = new StandingsPages(await NewPageAsync(adaContext), cluster.AddressB);
                await ada.SignInAsync("/manage/requests", InstanceCluster.Administrator, "Ada Admiral");
                await ApproveAsync(ada);
            }
            await mia.GotoAsync("/sync");
            await mia.WaitForInteractiveAsync();
            await mia.ByTestId($"add-{Milo}").ClickAsync();
        }, ignoreHttpsErrors: true);

        // A holds the alt's lease and has sent the contact's write (the ledger says Writing until ESI answers): kill it there.
        var holdsIt = $"/{cluster.A.Id}/";
        await using (var watch = cluster.NewDb())
        {
            await cluster.WaitUntilAsync("A writing the alt's contact", () => watch.ManagedContacts.AnyAsync(m => m.CharacterId == Milo && m.State == LedgerState.Writing
                && watch.SyncedCharacters.Any(s => s.CharacterId == Milo && s.LeaseOwner != null && s.LeaseOwner.Contains(holdsIt))));
        }
        await cluster.A.KillAsync();
        var killed = Stopwatch.StartNew();
        var killedAt = DateTimeOffset.UtcNow;

        // B takes the character over once A's heartbeat is a minute old, and completes its sync.
        var holdsItNow = $"/{cluster.B.Id}/";
        await cluster.WaitUntilAsync("B completing the alt's sync", () => cluster.WithDbAsync(async db =>
            await db.SyncRuns.AnyAsync(r => r.CharacterId == Milo && r.Outcome == SyncStatus.Ok && r.StartedAt > killedAt)
            && await db.ManagedContacts.AnyAsync(m => m.CharacterId == Milo && m.ContactId == Mia && m.State == LedgerState.Written)), TimeSpan.FromMinutes(4));
        var took = killed.Elapsed;
        Assert.True(took < TimeSpan.FromMinutes(2), $"B completed the killed instance's sync {took.TotalSeconds:0} s after the kill; the issue allows 2 minutes.");
        var run = await cluster.WithDbAsync(db => db.SyncedCharacters.SingleAsync(s => s.CharacterId == Milo));
        Assert.True(run.LeaseOwner is null || run.LeaseOwner.Contains(holdsItNow, StringComparison.Ordinal), $"the lease is B's or free, not {run.LeaseOwner}");

        await AssertContactsExactlyRightAsync(cluster, eve, personal);
        await AssertTheRequestAlertArrivedOnceAsync(cluster);
    }

    /// <summary>Three app processes and a browser on a shared 2-core machine: page actions get a minute, as a safety net.</summary>
    private const float SlowMachine = 60_000;

    private static async Task<IPage> NewPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(SlowMachine);
        return page;
    }

    private static async Task SignInWithAltAsync(StandingsPages mia)
    {
        await mia.SignInAsync("/characters", Mia, "Mia Member");
        await mia.AddCharacterAsync(Milo);
        await Expect(mia.ByTestId($"character-{Milo}")).ToHaveTextAsync("Milo Member");
        // With slow ESI answers sign-in does not wait for Mia's alliance (SignInAffiliations looks it up in the
        // background); until then she is a guest. The open page's menu follows once it is known: only then may she request.
        await Expect(mia.ByTestId("nav-request-standings")).ToBeVisibleAsync(new() { Timeout = 90_000 });
    }

    private static async Task RequestAsync(StandingsPages mia)
    {
        await mia.GotoAsync("/request-standings");
        await mia.WaitForInteractiveAsync();
        await mia.ByTestId($"request-{Mia}").ClickAsync();
        await Expect(mia.ByTestId($"status-{Mia}")).ToContainTextAsync("Pending", Patiently);
    }

    private static async Task ApproveAsync(StandingsPages ada)
    {
        await ada.ByTestId($"approve-{Mia}").ClickAsync();
        await ada.Field("decide-standing").FillAsync("7.5");
        await ada.ByTestId("decide-confirm").ClickAsync();
        // The approval looks the entity up in EVE, whose answers are slow in the kill test.
        await Expect(ada.ByTestId($"queue-entity-{Mia}")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
    }

    /// <summary>
    /// In EVE the alt holds the approved standing once, with the app's label, and nothing else of the app's (no orphan);
    /// its personal contacts are as they were; the ledger holds that one contact, written.
    /// </summary>
    private static async Task AssertContactsExactlyRightAsync(InstanceCluster cluster, SimulatedEveContacts eve, IReadOnlyList<SimulatedEveContacts.Contact> personal)
    {
        var contacts = await eve.OfAsync(Milo);
        var ours = contacts.Where(c => c.LabelIds.Contains(DemoEsiStore.StandingsLabelId)).ToList();
        Assert.True(ours.Count == 1, $"one contact of the app's on the alt, not: {string.Join("; ", contacts)}");
        var contact = ours[0];
        Assert.Equal(Mia, contact.ContactId);
        Assert.Equal(Approved, contact.Standing);
        Assert.Single(contacts, c => c.ContactId == Mia);
        Assert.Equal(personal.Count + 1, contacts.Count);
        foreach (var mine in personal)
        {
            var now = Assert.Single(contacts, c => c.ContactId == mine.ContactId);
            Assert.Equal(mine.Standing, now.Standing);
            Assert.Equal(mine.LabelIds, now.LabelIds);
        }
        var ledger = await cluster.WithDbAsync(db => db.ManagedContacts.AsNoTracking().Where(m => m.CharacterId == Milo).ToListAsync());
        var row = Assert.Single(ledger);
        Assert.Equal((Mia, LedgerState.Written, Approved), (row.ContactId, row.State, row.Standing));
    }

    /// <summary>
    /// Mia's request is the one alert of the run: both instances' relays post to the receiver, and it arrives once. The
    /// relays post every 15 s; after the first arrival the test waits through two more rounds of each before counting.
    /// </summary>
    private static async Task AssertTheRequestAlertArrivedOnceAsync(InstanceCluster cluster)
    {
        await cluster.WaitUntilAsync("the request's Discord alert", () => Task.FromResult(!cluster.Discord.Posts.IsEmpty));
        await Task.Delay(TimeSpan.FromSeconds(35), TestContext.Current.CancellationToken);
        var post = Assert.Single(cluster.Discord.Posts);
        Assert.Contains("Mia Member", post.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(1, cluster.Discord.Requests);
    }
}
