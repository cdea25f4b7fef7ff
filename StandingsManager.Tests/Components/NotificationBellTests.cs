using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using StandingsManager.App.Components.Layout;
using StandingsManager.Core.Notifications;

namespace StandingsManager.Tests.Components;

public sealed class NotificationBellTests : PageTestContext
{
    private async Task NotifyAsync(int accountId, string title, bool read = false)
    {
        await using var db = NewDb();
        db.Notifications.Add(new Notification { AccountId = accountId, CreatedAt = Now, Title = title, IsRead = read, Level = NotificationLevel.Warning });
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>The bell and the popover layer its list renders into, in one tree.</summary>
    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderBell(int accountId) =>
        Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<NotificationBell>(1);
            builder.AddAttribute(2, nameof(NotificationBell.AccountId), accountId);
            builder.CloseComponent();
        });

    [Fact]
    public async Task Shows_only_the_users_own_notifications_and_marks_them_read()
    {
        var mia = await SeedAccountAsync("Mia Member", 1001);
        var bob = await SeedAccountAsync("Bob Other", 2001);
        await NotifyAsync(mia, "EVE no longer accepts the grant of Mia Alt");
        await NotifyAsync(mia, "Standing approved for Mia Member: +5.0", read: true);
        await NotifyAsync(bob, "Something private to Bob");
        var menu = RenderBell(mia);
        // One unread, once the bell has read the inbox (a moment on a database server).
        menu.WaitForAssertion(() => Assert.Contains(">1<", menu.Find("[data-testid=notification-badge]").OuterHtml, StringComparison.Ordinal));
        menu.ClickWhenShown("button[data-testid=notification-button]");

        menu.WaitForAssertion(() => Assert.Equal(2, menu.FindAll("[data-testid=notification]").Count));
        Assert.Contains("Mia Alt", menu.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Bob", menu.Markup, StringComparison.Ordinal);

        menu.ClickWhenShown("[data-testid=notifications-mark-read]");

        menu.WaitForAssertion(() => Assert.Empty(menu.FindAll("[data-testid=notifications-mark-read]")));
        await using var db = NewDb();
        Assert.False(await db.Notifications.AnyAsync(n => n.AccountId == mia && !n.IsRead, Ct));
        Assert.True(await db.Notifications.AnyAsync(n => n.AccountId == bob && !n.IsRead, Ct));
    }

    [Fact]
    public async Task Says_so_when_there_is_nothing()
    {
        var mia = await SeedAccountAsync("Mia Member", 1001);
        var menu = RenderBell(mia);
        menu.ClickWhenShown("button[data-testid=notification-button]");

        menu.WaitForAssertion(() => Assert.Single(menu.FindAll("[data-testid=notifications-empty]")));
    }
}
