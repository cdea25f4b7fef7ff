using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Components.Pages;
using StandingsManager.App.Components.Shared;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Sync;

namespace StandingsManager.Tests.Components;

/// <summary>The dashboard's contact-sync card: counts from the database, live on sync events, throttled.</summary>
public sealed class SyncHealthCardTests : PageTestContext
{
    private const long FreshOk = 1001, StaleOk = 1002, Warned = 1003, Failed = 1004, New = 1005, NeverSynced = 1006, Off = 1007;

    private async Task SeedSyncedAsync(long characterId, SyncStatus status, DateTimeOffset? lastSuccessAt, bool enabled = true, DateTimeOffset? createdAt = null)
    {
        await using var db = NewDb();
        var accountId = await db.Characters.Where(c => c.Id == characterId).Select(c => c.AccountId).SingleAsync(Ct);
        db.SyncedCharacters.Add(new SyncedCharacter
        {
            CharacterId = characterId,
            AccountId = accountId,
            Enabled = enabled,
            Status = status,
            CreatedAt = createdAt ?? Now.AddDays(-7),
            LastSuccessAt = lastSuccessAt,
        });
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>One character in each bucket; the list last changed ten minutes ago, and only one sync ran since.</summary>
    private async Task SeedFleetAsync()
    {
        var pilot = await SeedAccountAsync("Pia Pilot", FreshOk);
        foreach (var (id, name) in new[] { (StaleOk, "Stale Ok"), (Warned, "Warned"), (Failed, "Failed"), (New, "New"), (NeverSynced, "Never Synced"), (Off, "Off") })
            await AddCharacterAsync(pilot, id, name);
        await SeedSyncedAsync(FreshOk, SyncStatus.Ok, Now.AddMinutes(-5));
        await SeedSyncedAsync(StaleOk, SyncStatus.Ok, Now.AddHours(-5));
        await SeedSyncedAsync(Warned, SyncStatus.Warning, Now.AddMinutes(-20));
        await SeedSyncedAsync(Failed, SyncStatus.Error, Now.AddDays(-1));
        await SeedSyncedAsync(New, SyncStatus.Pending, null, createdAt: Now.AddMinutes(-10));
        await SeedSyncedAsync(NeverSynced, SyncStatus.Pending, null, createdAt: Now.AddDays(-1));
        await SeedSyncedAsync(Off, SyncStatus.Disabled, Now.AddMinutes(-1), enabled: false);
        await SeedEntryAsync(77, "Friendly Pilot", 5);
        await SeedAuditAsync(AuditAction.RequestApproved, "Alex Approver", 77, "Friendly Pilot");
    }

    private static string Text(IRenderedComponent<Home> cut, string testId) => cut.Find($"[data-testid={testId}]").TextContent.Trim();

    private async Task<IRenderedComponent<Home>> RenderAsApproverAsync()
    {
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);
        var cut = Render<Home>();
        cut.WaitForElement("[data-testid=sync-health-ok]");
        return cut;
    }

    [Fact]
    public async Task Approver_sees_sync_health_from_the_database()
    {
        await SeedFleetAsync();

        var cut = await RenderAsApproverAsync();

        Assert.Equal("1", Text(cut, "sync-health-ok"));
        Assert.Equal("1", Text(cut, "sync-health-warning"));
        Assert.Equal("1", Text(cut, "sync-health-error"));
        Assert.Equal("2", Text(cut, "sync-health-stale"));
        Assert.Equal("1", Text(cut, "sync-health-pending"));
        Assert.Equal("1", Text(cut, "sync-health-disabled"));
        Assert.Equal("0", Text(cut, "sync-running"));
        Assert.Equal("Synced to 1 of 6 characters", Text(cut, "sync-going-out"));
    }

    [Fact]
    public async Task Card_follows_sync_events_live()
    {
        await SeedFleetAsync();
        var cut = await RenderAsApproverAsync();
        var events = Services.GetRequiredService<SyncEvents>();

        await events.PublishAsync(new SyncEvent(SyncEventKind.Started, New, 1, SyncStatus.Pending));
        cut.WaitForAssertion(() => Assert.Equal("1", Text(cut, "sync-running")));

        await using (var db = NewDb())
        {
            await db.SyncedCharacters.Where(s => s.CharacterId == New)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SyncStatus.Ok).SetProperty(s => s.LastSuccessAt, Now), Ct);
        }
        await events.PublishAsync(new SyncEvent(SyncEventKind.Finished, New, 1, SyncStatus.Ok));
        // Within a second of the last refresh: the throttle holds this one until the second is up.
        Time.Advance(TimeSpan.FromSeconds(1));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("0", Text(cut, "sync-running"));
            Assert.Equal("2", Text(cut, "sync-health-ok"));
            Assert.Equal("0", Text(cut, "sync-health-pending"));
            Assert.Equal("Synced to 2 of 6 characters", Text(cut, "sync-going-out"));
        });
    }

    [Fact]
    public async Task A_burst_of_events_costs_one_refresh_a_second_and_the_last_one_is_never_lost()
    {
        var refreshes = 0;
        var cut = Render<ThrottledSyncRefresh>(p => p.Add(x => x.OnChange, () => refreshes++));
        var events = Services.GetRequiredService<SyncEvents>();

        for (var i = 0; i < 2_000; i++)
            await events.PublishAsync(new SyncEvent(SyncEventKind.Progress, 1001, 1, SyncStatus.Pending, Added: i));

        // The first event refreshes at once; the 1,999 after it share one trailing refresh a second later.
        cut.WaitForAssertion(() => Assert.Equal(1, refreshes));
        Time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, refreshes);
        Time.Advance(TimeSpan.FromMilliseconds(1));
        cut.WaitForAssertion(() => Assert.Equal(2, refreshes));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, refreshes);
    }

    [Fact]
    public async Task Events_of_kinds_the_card_does_not_show_refresh_nothing()
    {
        var refreshes = 0;
        Render<ThrottledSyncRefresh>(p => p
            .Add(x => x.OnChange, () => refreshes++)
            .Add(x => x.Kinds, new HashSet<SyncEventKind> { SyncEventKind.Finished }));
        var events = Services.GetRequiredService<SyncEvents>();

        await events.PublishAsync(new SyncEvent(SyncEventKind.Queued, 1001, 1, SyncStatus.Pending));
        await events.PublishAsync(new SyncEvent(SyncEventKind.Progress, 1001, 1, SyncStatus.Pending));
        Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, refreshes);
    }

    [Fact]
    public async Task No_going_out_line_before_the_list_ever_changed()
    {
        await SeedAccountAsync("Pia Pilot", FreshOk);
        await SeedSyncedAsync(FreshOk, SyncStatus.Ok, Now.AddMinutes(-5));

        var cut = await RenderAsApproverAsync();

        Assert.Equal("1", Text(cut, "sync-health-ok"));
        Assert.Empty(cut.FindAll("[data-testid=sync-going-out]"));
    }

    [Fact]
    public async Task Member_does_not_see_the_card()
    {
        await SeedFleetAsync();
        var member = await SeedAccountAsync("Mia Member", 2001);
        SignIn(member, "Mia Member");

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Contains("Welcome, Mia Member.", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=sync-health]"));
    }

    [Fact]
    public async Task A_role_the_database_no_longer_grants_shows_the_refusal_in_the_card()
    {
        await SeedFleetAsync();
        var former = await SeedAccountAsync("Fred Former", 2002);
        SignInClaiming(former, "Fred Former", "Member", "Approver");

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Contains("Approver role", cut.Find("[data-testid=sync-health] [data-testid=page-refused]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=sync-health-ok]"));
    }

    [Fact]
    public async Task Error_and_stale_chips_differ_in_colour_fill_and_icon()
    {
        var cut = await RenderAsApproverAsync();

        var error = cut.Find("[data-chip=error]");
        var stale = cut.Find("[data-chip=stale]");
        Assert.Contains("mud-chip-color-error", error.ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("mud-chip-color-error", stale.ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("mud-chip-color-secondary", stale.ClassName, StringComparison.Ordinal);
        Assert.Contains("mud-chip-outlined", stale.ClassName, StringComparison.Ordinal);
        Assert.NotEqual(error.QuerySelector("svg")!.InnerHtml, stale.QuerySelector("svg")!.InnerHtml);
    }
}
