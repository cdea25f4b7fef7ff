using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Components.Pages.Sync;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Components;

public sealed class SyncedCharactersTests : PageTestContext
{
    private const long Ada = 9001;
    private const long Pia = 1001;
    private const long Pete = 1002;
    private const long Bea = 2001;

    private readonly ScriptedCharacterSync engine = new();

    public SyncedCharactersTests()
    {
        Services.AddSingleton<ICharacterSync>(engine);
    }

    /// <summary>Ada the administrator, signed in; Pia (OK, with her alt Pete in error) and Bea (disabled) in sync.</summary>
    private async Task<(int Pia, int Bea)> SeedAsync()
    {
        var admin = await SeedAccountAsync("Ada Admiral", Ada, Role.Administrator);
        var pia = await SeedAccountAsync("Pia Pilot", Pia);
        await AddCharacterAsync(pia, Pete, "Pete Pirate");
        var bea = await SeedAccountAsync("Bea Blue", Bea);
        await using var db = NewDb();
        await db.EnrolAsync(Pia, pia, Now.AddHours(-1), SyncStatus.Ok, lastSuccessAt: Now.AddMinutes(-5));
        await db.EnrolAsync(Pete, pia, Now.AddDays(-1), SyncStatus.Error, message: "Token expired");
        await db.EnrolAsync(Bea, bea, Now.AddHours(-1), enabled: false);
        await db.AddRunAsync(Pia, Now.AddMinutes(-5), added: 4, updated: 1);
        SignIn(admin, "Ada Admiral", Role.Administrator);
        return (pia, bea);
    }

    private IEnumerable<string> Snackbars => Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "");

    private async Task<SyncedCharacter> SyncedAsync(long characterId)
    {
        await using var db = NewDb();
        return await db.SyncedCharacters.AsNoTracking().SingleAsync(s => s.CharacterId == characterId, Ct);
    }

    private static void AssertListed(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, params long[] ids) =>
        cut.WaitForAssertion(() => Assert.Equal(ids.Order(), cut.FindAll("[data-testid^=synced-]").Where(e => e.GetAttribute("data-testid") != "synced-table" && e.GetAttribute("data-testid") != "synced-empty")
            .Select(e => long.Parse(e.GetAttribute("data-testid")!["synced-".Length..], System.Globalization.CultureInfo.InvariantCulture)).Order()));

    [Fact]
    public async Task Lists_every_synced_character_with_owner_status_and_last_run()
    {
        await SeedAsync();

        var cut = RenderPage<SyncedCharacters>();

        AssertListed(cut, Pia, Pete, Bea);
        Assert.Equal(nameof(SyncHealth.Ok), cut.Find($"[data-testid=health-{Pia}]").GetAttribute("data-health"));
        Assert.Equal(nameof(SyncHealth.Error), cut.Find($"[data-testid=health-{Pete}]").GetAttribute("data-health"));
        Assert.Equal(nameof(SyncHealth.Disabled), cut.Find($"[data-testid=health-{Bea}]").GetAttribute("data-health"));
        Assert.Contains("Token expired", cut.Find($"[data-testid=status-{Pete}]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Pia Pilot", cut.Find($"[data-testid=synced-{Pete}]").ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Contains("+4 added · 1 updated", cut.Find($"[data-testid=synced-{Pia}]").ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Single(cut.FindAll($"[data-testid=enable-{Bea}]"));
        Assert.Single(cut.FindAll($"[data-testid=disable-{Pia}]"));
    }

    [Fact]
    public async Task Status_filter_and_search_narrow_the_list()
    {
        await SeedAsync();
        var cut = RenderPage<SyncedCharacters>();
        AssertListed(cut, Pia, Pete, Bea);

        cut.ClickWhenShown("[data-testid=filter-Error]");
        AssertListed(cut, Pete);
        cut.ClickWhenShown("[data-testid=filter-Stale]");
        AssertListed(cut, Pete);
        cut.ClickWhenShown("[data-testid=filter-Disabled]");
        AssertListed(cut, Bea);
        cut.ClickWhenShown("[data-testid=filter-all]");
        AssertListed(cut, Pia, Pete, Bea);
        cut.ChangeWhenShown("[data-testid=search]", "pia");

        AssertListed(cut, Pia, Pete); // Pete's owner is Pia Pilot
    }

    [Fact]
    public async Task Pages_through_many_characters_on_the_server()
    {
        var admin = await SeedAccountAsync("Ada Admiral", Ada, Role.Administrator);
        var owner = await SeedAccountAsync("Many Alts", 5000);
        await using (var db = NewDb())
        {
            for (var i = 1; i <= 30; i++)
            {
                await AddCharacterAsync(owner, 5000 + i, $"Alt {i:00}");
                await db.EnrolAsync(5000 + i, owner, Now.AddHours(-1));
            }
        }
        SignIn(admin, "Ada Admiral", Role.Administrator);
        var cut = RenderPage<SyncedCharacters>();
        cut.WaitForAssertion(() => Assert.Equal(25, cut.FindAll("[data-testid^=force-50]").Count));

        cut.ClickWhenShown("button[aria-label='Next page']");

        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid^=force-50]").Count));
        Assert.Single(cut.FindAll("[data-testid=force-5030]"));
    }

    [Fact]
    public async Task Force_sync_one_selected_and_all()
    {
        await SeedAsync();
        var cut = RenderPage<SyncedCharacters>();
        AssertListed(cut, Pia, Pete, Bea);

        await cut.Find($"[data-testid=force-{Pia}]").ClickAsync(new());
        Assert.Contains("1 sync queued.", Snackbars);
        Assert.Equal(Now, (await SyncedAsync(Pia)).NextSyncAt);
        Time.Advance(TimeSpan.FromMinutes(2));
        cut.ChangeWhenShown($"[data-testid=select-{Pia}] input", true);
        cut.ChangeWhenShown($"[data-testid=select-{Pete}] input", true);
        cut.WaitForAssertion(() => Assert.Contains("(2)", cut.Find("[data-testid=force-selected]").TextContent, StringComparison.Ordinal));
        await cut.Find("[data-testid=force-selected]").ClickAsync(new());
        Assert.Equal(Now.AddMinutes(2), (await SyncedAsync(Pete)).NextSyncAt);
        Assert.Equal(Now.AddMinutes(2), (await SyncedAsync(Pia)).NextSyncAt);
        Time.Advance(TimeSpan.FromMinutes(2));
        await cut.Find("[data-testid=force-all]").ClickAsync(new());

        Assert.Equal(Now.AddMinutes(4), (await SyncedAsync(Pia)).NextSyncAt);
        Assert.Equal(Now.AddMinutes(4), (await SyncedAsync(Pete)).NextSyncAt);
        Assert.Null((await SyncedAsync(Bea)).NextSyncAt); // disabled: not forced
        Assert.Empty(engine.Calls);
    }

    [Fact]
    public async Task Disable_asks_for_a_reason_and_enable_switches_it_back_on()
    {
        var (pia, _) = await SeedAsync();
        var cut = RenderPage<SyncedCharacters>();
        AssertListed(cut, Pia, Pete, Bea);

        cut.ClickWhenShown($"[data-testid=disable-{Pia}]");
        cut.ChangeWhenShown("[data-testid=decide-text]", "Suspected spy");
        cut.ClickWhenShown("[data-testid=decide-confirm]");
        cut.WaitForAssertion(() => Assert.Equal(nameof(SyncHealth.Disabled), cut.Find($"[data-testid=health-{Pia}]").GetAttribute("data-health")));
        var disabled = await SyncedAsync(Pia);
        cut.ClickWhenShown($"[data-testid=enable-{Pia}]");

        cut.WaitForAssertion(() => Assert.Equal(nameof(SyncHealth.Pending), cut.Find($"[data-testid=health-{Pia}]").GetAttribute("data-health")));
        Assert.False(disabled.Enabled);
        Assert.Contains("Suspected spy", disabled.StatusMessage, StringComparison.Ordinal);
        await using var db = NewDb();
        Assert.Contains(await db.Notifications.Where(n => n.AccountId == pia).Select(n => n.Body).ToListAsync(Ct), b => b.Contains("Suspected spy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_runs_a_dry_run_and_shows_its_report()
    {
        await SeedAsync();
        engine.Reply = (id, mode) => ScriptedCharacterSync.Report(id, mode, SyncStatus.Warning, "Contact label not found.");
        var cut = RenderPage<SyncedCharacters>();
        AssertListed(cut, Pia, Pete, Bea);

        cut.ClickWhenShown($"[data-testid=validate-{Pete}]");

        cut.WaitForAssertion(() => Assert.Contains("Contact label not found.", cut.Find("[data-testid=preview-summary]").TextContent, StringComparison.Ordinal));
        Assert.Equal([(Pete, SyncMode.DryRun)], engine.Calls);
    }

    [Fact]
    public async Task History_opens_in_a_dialog()
    {
        await SeedAsync();
        var cut = RenderPage<SyncedCharacters>();
        AssertListed(cut, Pia, Pete, Bea);

        cut.ClickWhenShown($"[data-testid=history-{Pia}]");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=history-run]")));
        Assert.Contains("Sync history of Pia Pilot", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finished_sync_refreshes_the_row_live()
    {
        var (pia, _) = await SeedAsync();
        var cut = RenderPage<SyncedCharacters>();
        AssertListed(cut, Pia, Pete, Bea);
        var events = Services.GetRequiredService<SyncEvents>();

        await events.PublishAsync(new SyncEvent(SyncEventKind.Started, Pete, pia, SyncStatus.Error));
        cut.WaitForAssertion(() => Assert.Contains("Running", cut.Find($"[data-testid=live-{Pete}]").TextContent, StringComparison.Ordinal));
        await using (var db = NewDb())
            await db.SyncedCharacters.Where(s => s.CharacterId == Pete).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, SyncStatus.Ok).SetProperty(s => s.StatusMessage, (string?)null).SetProperty(s => s.LastSuccessAt, Now), Ct);
        await events.PublishAsync(new SyncEvent(SyncEventKind.Finished, Pete, pia, SyncStatus.Ok, Added: 2));

        cut.WaitForAssertion(() => Assert.Equal(nameof(SyncHealth.Ok), cut.Find($"[data-testid=health-{Pete}]").GetAttribute("data-health")));
    }

    /// <remarks>The claims say Administrator, the database does not: the server refuses and the page says why.</remarks>
    [Fact]
    public async Task Server_rechecks_the_role_from_the_database()
    {
        await SeedAsync();
        var account = await SeedAccountAsync("Ex Admin", 4001);
        SignInClaiming(account, "Ex Admin", "Member", "Administrator");

        var cut = RenderGuardedPage<SyncedCharacters>();

        cut.WaitForAssertion(() => Assert.Contains("Administrator role", cut.Find("[data-testid=page-refused]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll($"[data-testid=synced-{Pia}]"));
    }
}
