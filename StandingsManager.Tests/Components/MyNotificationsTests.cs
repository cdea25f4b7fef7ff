using Bunit;
using Microsoft.EntityFrameworkCore;
using StandingsManager.App.Components.Pages.Notifications;
using StandingsManager.Core.Notifications;

namespace StandingsManager.Tests.Components;

public sealed class MyNotificationsTests : PageTestContext
{
    private async Task<(int Mine, int Other)> SeedAsync(int mine, int read = 0)
    {
        var me = await SeedAccountAsync("Pia Pilot", 1001);
        var other = await SeedAccountAsync("Olaf Other", 1002);
        await using var db = NewDb();
        for (var i = 1; i <= mine; i++)
            db.Notifications.Add(new Notification { AccountId = me, CreatedAt = Now.AddMinutes(-i), Title = $"Mine {i:00}", IsRead = i <= read });
        db.Notifications.Add(new Notification { AccountId = other, CreatedAt = Now, Title = "Not yours" });
        await db.SaveChangesAsync(Ct);
        SignIn(me, "Pia Pilot");
        return (me, other);
    }

    private static string[] Titles(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) =>
        [.. cut.FindAll("[data-testid^=notification-]").Where(e => e.HasAttribute("data-read")).Select(e => e.QuerySelector("p")!.TextContent.Trim())];

    [Fact]
    public async Task Shows_all_of_my_notifications_read_and_unread_newest_first_and_pages()
    {
        await SeedAsync(mine: 30, read: 10);
        var cut = RenderPage<MyNotifications>();

        cut.WaitForAssertion(() => Assert.Equal(25, Titles(cut).Length));
        Assert.Equal("Mine 01", Titles(cut)[0]);
        Assert.DoesNotContain("Not yours", cut.Markup, StringComparison.Ordinal);
        cut.ClickWhenShown("button[aria-label='Next page']");
        cut.WaitForAssertion(() => Assert.Equal(["Mine 26", "Mine 27", "Mine 28", "Mine 29", "Mine 30"], Titles(cut)));
    }

    [Fact]
    public async Task Unread_filter_mark_one_and_mark_all()
    {
        var (me, other) = await SeedAsync(mine: 3, read: 1);
        var cut = RenderPage<MyNotifications>();
        cut.ClickWhenShown("[data-testid=notifications-unread]");
        cut.WaitForAssertion(() => Assert.Equal(["Mine 02", "Mine 03"], Titles(cut)));

        long second;
        await using (var db = NewDb())
            second = await db.Notifications.Where(n => n.Title == "Mine 02").Select(n => n.Id).SingleAsync(Ct);
        cut.ClickWhenShown($"[data-testid=mark-read-{second}]");
        cut.WaitForAssertion(() => Assert.Equal(["Mine 03"], Titles(cut)));

        cut.ClickWhenShown("[data-testid=notifications-page-mark-all]");
        cut.WaitForElement("[data-testid=notifications-page-empty]");
        await using var check = NewDb();
        Assert.Equal(0, await check.Notifications.CountAsync(n => n.AccountId == me && !n.IsRead, Ct));
        Assert.Equal(1, await check.Notifications.CountAsync(n => n.AccountId == other && !n.IsRead, Ct)); // not mine: untouched
    }

    [Fact]
    public async Task Marking_someone_elses_notification_changes_nothing()
    {
        var (me, other) = await SeedAsync(mine: 1);
        long theirs;
        await using (var db = NewDb())
            theirs = await db.Notifications.Where(n => n.AccountId == other).Select(n => n.Id).SingleAsync(Ct);
        var inbox = new NotificationInbox(new TestDbFactory(NewDb));

        Assert.False(await inbox.MarkReadAsync(me, theirs, Ct));
        await using var check = NewDb();
        Assert.False(await check.Notifications.Where(n => n.Id == theirs).Select(n => n.IsRead).SingleAsync(Ct));
    }

    private sealed class TestDbFactory(Func<StandingsManager.Core.Persistence.StandingsDbContext> create) : IDbContextFactory<StandingsManager.Core.Persistence.StandingsDbContext>
    {
        public StandingsManager.Core.Persistence.StandingsDbContext CreateDbContext() => create();
    }
}
