using Bunit;
using StandingsManager.App.Components.Pages;
using StandingsManager.Core.Accounts;

namespace StandingsManager.Tests.Components;

public sealed class HomeTests : PageTestContext
{
    private async Task SeedQueuesAsync()
    {
        var rita = await SeedAccountAsync("Rita Requester", 1001);
        await AddCharacterAsync(rita, 1002, "Rita Alt");
        await AddCharacterAsync(rita, 1003, "Rita Third");
        await SeedPendingRequestAsync(1001, "Rita Requester", rita, "Rita Requester");
        await SeedPendingRequestAsync(1002, "Rita Alt", rita, "Rita Requester");
        await SeedEntryAsync(1003, "Rita Third", 5);
        await SeedPendingRevocationAsync(1003, "Rita Third", rita, "Rita Requester");
    }

    [Fact]
    public async Task Approver_sees_the_queue_counts()
    {
        await SeedQueuesAsync();
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);

        var cut = Render<Home>();

        cut.WaitForAssertion(() =>
            Assert.Equal("2 requests · 1 revocation", cut.Find("[data-testid=queue-counts]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=home-sign-in]"));
    }

    [Fact]
    public async Task Member_does_not_see_the_queue_counts()
    {
        await SeedQueuesAsync();
        var member = await SeedAccountAsync("Mia Member", 2001);
        SignIn(member, "Mia Member");

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Contains("Welcome, Mia Member.", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=queue-counts]"));
        Assert.Empty(cut.FindAll("[data-testid=home-sign-in]"));
    }

    [Fact]
    public void Anonymous_visitor_sees_the_sign_in_button()
    {
        var cut = Render<Home>();

        cut.WaitForElement("[data-testid=home-sign-in]");
        Assert.Empty(cut.FindAll("[data-testid=queue-counts]"));
    }
}
