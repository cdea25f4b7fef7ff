using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using StandingsManager.App.Components.Pages.Sync;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;
using static StandingsManager.Tests.TestSupport.ScriptedCharacterSync;

namespace StandingsManager.Tests.Components;

public sealed class MySyncedCharactersTests : PageTestContext
{
    private const long Main = 1001;
    private const long Alt = 1002;

    private readonly ScriptedCharacterSync engine = new();

    public MySyncedCharactersTests()
    {
        Services.AddSingleton<ICharacterSync>(engine);
        // The organisation's alliance: a test puts a main in it to make its user a Member, whom the lists reach.
        Services.Configure<StandingsManager.Core.StandingsOptions>(o => o.Organization.AllianceIds = [HomeAlliance]);
    }

    private const long HomeAlliance = 99_000_500;

    private SyncEvents Events => Services.GetRequiredService<SyncEvents>();

    private IEnumerable<string> Snackbars => Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "");

    /// <summary>Mia Member with her main (contact scopes granted) and an alt; signed in.</summary>
    private async Task<int> SignInMiaAsync(string? altScopes = null)
    {
        var mia = await SeedAccountAsync("Mia Member", Main);
        await AddCharacterAsync(mia, Alt, "Mia Alt");
        await using var db = NewDb();
        await db.GrantAsync(Main, Now);
        if (altScopes is not null)
            await db.GrantAsync(Alt, Now, altScopes);
        SignIn(mia, "Mia Member");
        return mia;
    }

    private async Task EnrolAsync(int accountId, long characterId, SyncStatus status = SyncStatus.Ok)
    {
        await using var db = NewDb();
        await db.EnrolAsync(characterId, accountId, Now.AddHours(-1), status, lastSuccessAt: status == SyncStatus.Ok ? Now.AddMinutes(-20) : null);
    }

    private async Task<SyncedCharacter?> SyncedAsync(long characterId)
    {
        await using var db = NewDb();
        return await db.SyncedCharacters.AsNoTracking().SingleOrDefaultAsync(s => s.CharacterId == characterId, Ct);
    }

    [Fact]
    public async Task Adding_a_granted_character_enrols_it_and_shows_it_queued()
    {
        await SignInMiaAsync();
        var cut = RenderPage<MySyncedCharacters>();
        cut.WaitForElement($"[data-testid=not-synced-{Main}]");

        cut.ClickWhenShown($"[data-testid=add-{Main}]");

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(nameof(SyncHealth.Pending), cut.Find($"[data-testid=health-{Main}]").GetAttribute("data-health"));
            Assert.Contains("Queued", cut.Find($"[data-testid=live-{Main}]").TextContent, StringComparison.Ordinal);
        });
        Assert.Single(cut.FindAll($"[data-testid=sync-now-{Main}]"));
        Assert.Single(cut.FindAll($"[data-testid=remove-{Main}]"));
        var synced = await SyncedAsync(Main);
        Assert.True(synced!.Enabled);
        Assert.Equal(Now, synced.NextSyncAt);
    }

    [Fact]
    public async Task A_character_missing_scopes_offers_the_sso_round_trip_instead_of_add()
    {
        await SignInMiaAsync(altScopes: "esi-characters.read_contacts.v1");

        var cut = RenderPage<MySyncedCharacters>();

        cut.WaitForElement($"[data-testid=grant-{Alt}]");
        Assert.Equal("/auth/add-character?returnUrl=%2Fsync", cut.Find($"[data-testid=grant-{Alt}]").GetAttribute("href"));
        Assert.Empty(cut.FindAll($"[data-testid=add-{Alt}]"));
        Assert.Contains("esi-characters.write_contacts.v1", cut.Find($"[data-testid=fix-{Alt}]").TextContent, StringComparison.Ordinal);
        Assert.Single(cut.FindAll($"[data-testid=add-{Main}]"));
        Assert.Empty(cut.FindAll($"[data-testid=grant-{Main}]"));
    }

    [Fact]
    public async Task Removing_and_deleting_the_contacts_runs_the_unsync()
    {
        var mia = await SignInMiaAsync();
        await EnrolAsync(mia, Main);
        var cut = RenderPage<MySyncedCharacters>();
        cut.ClickWhenShown($"[data-testid=remove-{Main}]");

        cut.ClickWhenShown("[data-testid=remove-delete]");

        cut.WaitForElement($"[data-testid=not-synced-{Main}]");
        Assert.Equal([(Main, SyncMode.Unsync)], engine.Calls);
        Assert.Null(await SyncedAsync(Main));
    }

    [Fact]
    public async Task Removing_and_keeping_the_contacts_leaves_them_alone()
    {
        var mia = await SignInMiaAsync();
        await EnrolAsync(mia, Main);
        var cut = RenderPage<MySyncedCharacters>();
        cut.ClickWhenShown($"[data-testid=remove-{Main}]");

        cut.ClickWhenShown("[data-testid=remove-keep]");

        cut.WaitForElement($"[data-testid=not-synced-{Main}]");
        Assert.Empty(engine.Calls);
        Assert.Null(await SyncedAsync(Main));
    }

    [Fact]
    public async Task A_failed_unsync_keeps_the_character_and_says_why()
    {
        var mia = await SignInMiaAsync();
        await EnrolAsync(mia, Main);
        engine.Reply = (id, mode) => Report(id, mode, SyncStatus.Error, "EVE refused the delete.");
        var cut = RenderPage<MySyncedCharacters>();
        cut.ClickWhenShown($"[data-testid=remove-{Main}]");

        cut.ClickWhenShown("[data-testid=remove-delete]");

        cut.WaitForAssertion(() => Assert.Contains(Snackbars, m => m.Contains("EVE refused the delete.", StringComparison.Ordinal)));
        Assert.Single(cut.FindAll($"[data-testid=health-{Main}]"));
        Assert.NotNull(await SyncedAsync(Main));
    }

    [Fact]
    public async Task Sync_now_works_once_a_minute()
    {
        var mia = await SignInMiaAsync();
        await EnrolAsync(mia, Main);
        var cut = RenderPage<MySyncedCharacters>();

        await cut.WaitForElement($"[data-testid=sync-now-{Main}]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("Queued", cut.Find($"[data-testid=live-{Main}]").TextContent, StringComparison.Ordinal));
        Assert.Equal(Now, (await SyncedAsync(Main))!.LastManualSyncAt);
        Time.Advance(TimeSpan.FromSeconds(30));
        await cut.Find($"[data-testid=sync-now-{Main}]").ClickAsync(new());
        Assert.Contains("You can sync this character again at 12:01:00 EVE time.", Snackbars);
        Assert.Equal(Now, (await SyncedAsync(Main))!.LastManualSyncAt);
        Time.Advance(TimeSpan.FromSeconds(30));
        await cut.Find($"[data-testid=sync-now-{Main}]").ClickAsync(new());

        Assert.Equal(Now.AddMinutes(1), (await SyncedAsync(Main))!.LastManualSyncAt);
        Assert.Equal(Now.AddMinutes(1), (await SyncedAsync(Main))!.NextSyncAt);
    }

    [Fact]
    public async Task Preview_lists_what_a_sync_would_change_by_name()
    {
        var mia = await SignInMiaAsync();
        await EnrolAsync(mia, Main);
        engine.Reply = (id, mode) => Report(id, mode, changes:
        [
            Change(SyncChangeKind.Add, 99_000_001, "Blue Alliance", to: 10),
            Change(SyncChangeKind.Update, 98_000_001, "Friendly Corp", from: 5, to: 7.5),
            Change(SyncChangeKind.Remove, 2_001, "Old Friend", from: 5),
            Change(SyncChangeKind.Collision, 2_002, "Pete Pirate", to: -10),
            Change(SyncChangeKind.Capped, 2_003, "Far Away", to: 5),
        ]);
        var cut = RenderPage<MySyncedCharacters>();

        cut.ClickWhenShown($"[data-testid=preview-{Main}]");

        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=preview-change]").Count));
        var rows = cut.FindAll("[data-testid=preview-change]").ToDictionary(r => r.GetAttribute("data-kind")!, r => r.TextContent);
        Assert.Contains("Blue Alliance", rows["Add"], StringComparison.Ordinal);
        Assert.Contains("+5.0 → +7.5", rows["Update"], StringComparison.Ordinal);
        Assert.Contains("Friendly Corp", rows["Update"], StringComparison.Ordinal);
        Assert.Contains("Old Friend", rows["Remove"], StringComparison.Ordinal);
        Assert.Contains("Pete Pirate", rows["Collision"], StringComparison.Ordinal);
        Assert.Contains("Far Away", rows["Capped"], StringComparison.Ordinal);
        Assert.Equal([(Main, SyncMode.DryRun)], engine.Calls);
    }

    [Fact]
    public async Task Preview_of_a_warning_does_not_claim_the_contacts_match_nor_run_the_badge_into_the_message()
    {
        var mia = await SignInMiaAsync();
        await EnrolAsync(mia, Main);
        engine.Reply = (id, mode) => Report(id, mode, SyncStatus.Warning,
            "Contact label 'Test' not found: create it in game (People & Places → Contacts → Add label)");
        var cut = RenderPage<MySyncedCharacters>();

        cut.ClickWhenShown($"[data-testid=preview-{Main}]");

        cut.WaitForAssertion(() => Assert.Equal("No contact changes until the problem above is fixed.", cut.Find("[data-testid=preview-none]").TextContent.Trim()));
        Assert.DoesNotContain("already match", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Warning Contact label", Squash(cut.Find("[data-testid=preview-summary]").TextContent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_and_next_sync_say_which_is_which()
    {
        var mia = await SignInMiaAsync();
        await using (var db = NewDb())
        {
            await db.EnrolAsync(Main, mia, Now.AddHours(-1), SyncStatus.Ok, lastSuccessAt: Now);
            await db.SyncedCharacters.Where(s => s.CharacterId == Main)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSyncAt, Now).SetProperty(s => s.NextSyncAt, Now), Ct);
        }

        var cut = RenderPage<MySyncedCharacters>();

        cut.WaitForAssertion(() => Assert.Equal("last just now · next due now", Squash(cut.Find($"[data-testid=times-{Main}]").TextContent)));
    }

    private static string Squash(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    [Fact]
    public async Task A_running_sync_shows_live_from_queued_to_running_to_done()
    {
        var mia = await SignInMiaAsync();
        await EnrolAsync(mia, Main, SyncStatus.Pending);
        var cut = RenderPage<MySyncedCharacters>();
        cut.WaitForAssertion(() => Assert.Equal(nameof(SyncHealth.Pending), cut.Find($"[data-testid=health-{Main}]").GetAttribute("data-health")));

        await Events.PublishAsync(new SyncEvent(SyncEventKind.Started, Main, mia, SyncStatus.Pending));
        cut.WaitForAssertion(() => Assert.Contains("Running", cut.Find($"[data-testid=live-{Main}]").TextContent, StringComparison.Ordinal));
        await Events.PublishAsync(new SyncEvent(SyncEventKind.Progress, Main, mia, SyncStatus.Pending, Added: 2));
        cut.WaitForAssertion(() => Assert.Contains("+2 added", cut.Find($"[data-testid=live-{Main}]").TextContent, StringComparison.Ordinal));
        // The engine records the run, then announces it.
        await using (var db = NewDb())
        {
            await db.AddRunAsync(Main, Now.AddSeconds(-5), added: 3, updated: 1);
            await db.SyncedCharacters.Where(s => s.CharacterId == Main).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, SyncStatus.Ok).SetProperty(s => s.LastSyncAt, Now).SetProperty(s => s.LastSuccessAt, Now), Ct);
        }
        await Events.PublishAsync(new SyncEvent(SyncEventKind.Finished, Main, mia, SyncStatus.Ok, Added: 3, Updated: 1));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(nameof(SyncHealth.Ok), cut.Find($"[data-testid=health-{Main}]").GetAttribute("data-health"));
            Assert.Contains("Done: +3 added", cut.Find($"[data-testid=live-{Main}]").TextContent, StringComparison.Ordinal);
            Assert.Contains("+3 added · 1 updated", cut.Find($"[data-testid=last-run-{Main}]").TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("0 removed", cut.Find($"[data-testid=last-run-{Main}]").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Another_users_events_do_not_touch_the_page()
    {
        var mia = await SignInMiaAsync();
        await EnrolAsync(mia, Main);
        var cut = RenderPage<MySyncedCharacters>();
        cut.WaitForElement($"[data-testid=health-{Main}]");

        await Events.PublishAsync(new SyncEvent(SyncEventKind.Started, 7_777, mia + 1, SyncStatus.Pending));

        Assert.Empty(cut.FindAll("[data-testid^=live-]"));
    }

    [Fact]
    public async Task History_shows_the_characters_runs()
    {
        var mia = await SignInMiaAsync();
        await EnrolAsync(mia, Main);
        await using (var db = NewDb())
        {
            await db.AddRunAsync(Main, Now.AddMinutes(-40), added: 1, message: "first");
            await db.AddRunAsync(Main, Now.AddMinutes(-10), added: 0, updated: 2, message: "second");
        }
        var cut = RenderPage<MySyncedCharacters>();

        cut.ClickWhenShown($"[data-testid=history-{Main}]");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=history-run]").Count));
        Assert.Contains("second", cut.FindAll("[data-testid=history-run]")[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_users_own_characters_are_listed()
    {
        await SignInMiaAsync();
        var other = await SeedAccountAsync("Someone Else", 2001);
        await EnrolAsync(other, 2001);

        var cut = RenderPage<MySyncedCharacters>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid^=character-]").Count));
        Assert.DoesNotContain("Someone Else", cut.Markup, StringComparison.Ordinal);
    }

    /// <summary>Mia as a Member, her main enrolled, and two more lists: one her audience reaches, one only Blues receive.</summary>
    private async Task<(int Mia, int Coalition, int BluesOnly)> MemberWithListsAsync()
    {
        var mia = await SignInMiaAsync();
        await EnrolAsync(mia, Main);
        await using var db = NewDb();
        await db.Characters.Where(c => c.Id == Main).ExecuteUpdateAsync(u => u.SetProperty(c => c.AllianceId, (long?)HomeAlliance), Ct);
        var coalition = new StandingsList { Name = "Coalition Blues", LabelName = "Coalition Blues", Priority = 150, CreatedAt = Now };
        var bluesOnly = new StandingsList { Name = "Blue Friends", LabelName = "Blue Friends", AudienceStates = ListAudienceStates.Blue, CreatedAt = Now };
        db.Lists.AddRange(coalition, bluesOnly);
        await db.SaveChangesAsync(Ct);
        db.SyncedCharacterLists.AddRange(
            new SyncedCharacterList { CharacterId = Main, ListId = StandingsList.FirstListId, Status = SyncListStatus.Ok },
            new SyncedCharacterList { CharacterId = Main, ListId = coalition.Id, Status = SyncListStatus.LabelMissing, Message = "Contact label 'Coalition Blues' not found" });
        await db.SaveChangesAsync(Ct);
        return (mia, coalition.Id, bluesOnly.Id);
    }

    private static string StatusOf(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, long characterId, int listId) =>
        cut.Find($"[data-testid=list-status-{characterId}-{listId}]").TextContent.Trim();

    [Fact]
    public async Task Each_list_the_character_receives_shows_its_own_switch_and_status()
    {
        var (_, coalition, bluesOnly) = await MemberWithListsAsync();

        var cut = RenderPage<MySyncedCharacters>();

        cut.WaitForAssertion(() => Assert.Equal("OK", StatusOf(cut, Main, StandingsList.FirstListId)));
        Assert.Equal("label \"Coalition Blues\" missing", StatusOf(cut, Main, coalition));
        Assert.Single(cut.FindAll($"[data-testid=list-switch-{Main}-{coalition}] input:checked"));
        Assert.Empty(cut.FindAll($"[data-testid=list-{Main}-{bluesOnly}]")); // not in a Member's audience
        Assert.Empty(cut.FindAll($"[data-testid^=list-{Alt}-]")); // the alt is not in sync: nothing to switch
    }

    [Fact]
    public async Task Switching_a_list_off_and_on_is_recorded_and_shows_off_then_pending()
    {
        var (_, coalition, _) = await MemberWithListsAsync();
        var cut = RenderPage<MySyncedCharacters>();
        cut.WaitForElement($"[data-testid=list-switch-{Main}-{coalition}]");

        cut.ChangeWhenShown($"[data-testid=list-switch-{Main}-{coalition}] input", false);

        cut.WaitForAssertion(() => Assert.Equal("off", StatusOf(cut, Main, coalition)));
        Assert.Equal("OK", StatusOf(cut, Main, StandingsList.FirstListId));
        Assert.Empty(cut.FindAll($"[data-testid=list-switch-{Main}-{coalition}] input:checked"));
        Assert.Contains("Coalition Blues switched off for Mia Member: its contacts go at the next sync.", Snackbars);
        await using (var db = NewDb())
        {
            Assert.False((await db.SyncedCharacterLists.SingleAsync(r => r.CharacterId == Main && r.ListId == coalition, Ct)).Enabled);
            Assert.Equal(coalition, (await db.Audit.SingleAsync(a => a.Action == StandingsManager.Core.Audit.AuditAction.SyncListDisabled, Ct)).ListId);
        }

        cut.ChangeWhenShown($"[data-testid=list-switch-{Main}-{coalition}] input", true);

        cut.WaitForAssertion(() => Assert.Equal("pending", StatusOf(cut, Main, coalition)));
        await using (var db = NewDb())
            Assert.True((await db.SyncedCharacterLists.SingleAsync(r => r.CharacterId == Main && r.ListId == coalition, Ct)).Enabled);
    }

    [Fact]
    public async Task A_finished_sync_refreshes_the_list_statuses_live()
    {
        var (mia, coalition, _) = await MemberWithListsAsync();
        var cut = RenderPage<MySyncedCharacters>();
        cut.WaitForAssertion(() => Assert.Equal("label \"Coalition Blues\" missing", StatusOf(cut, Main, coalition)));

        // The member created the label in game; the engine records the list's status, then announces the run.
        await using (var db = NewDb())
            await db.SyncedCharacterLists.Where(r => r.CharacterId == Main && r.ListId == coalition)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, SyncListStatus.Ok).SetProperty(r => r.Message, (string?)null), Ct);
        await Events.PublishAsync(new SyncEvent(SyncEventKind.Finished, Main, mia, SyncStatus.Ok));

        cut.WaitForAssertion(() => Assert.Equal("OK", StatusOf(cut, Main, coalition)));
    }
}
