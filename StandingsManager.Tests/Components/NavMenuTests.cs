using Bunit;
using StandingsManager.App.Components.Layout;
using StandingsManager.Core.Accounts;

namespace StandingsManager.Tests.Components;

public sealed class NavMenuTests : PageTestContext
{
    private static readonly string[] AllLinks =
        ["nav-request-standings", "nav-sync", "nav-manage-requests", "nav-manage-revocations", "nav-standings", "nav-synced-characters", "nav-audit", "nav-lists", "nav-api-keys", "nav-webhooks"];

    private async Task AssertLinksAsync(Role[] roles, params string[] expected)
    {
        var account = await SeedAccountAsync("Nav User", 5001, roles);
        SignIn(account, "Nav User", roles);

        var cut = Render<NavMenu>();

        cut.WaitForAssertion(() =>
        {
            foreach (var link in AllLinks)
            {
                var found = cut.FindAll($"[data-testid={link}]").Count > 0;
                Assert.True(found == expected.Contains(link), $"{link} should be {(expected.Contains(link) ? "shown" : "hidden")}.");
            }
        });
    }

    [Fact]
    public Task Administrator_sees_every_link_including_lists() =>
        AssertLinksAsync([Role.Administrator], AllLinks);

    [Fact]
    public Task Member_sees_request_standings_and_own_sync_only() =>
        AssertLinksAsync([], "nav-request-standings", "nav-sync");

    [Fact]
    public Task Approver_sees_approvals_and_standings_but_not_audit() =>
        AssertLinksAsync([Role.Approver], "nav-request-standings", "nav-sync", "nav-manage-requests", "nav-manage-revocations", "nav-standings");

    [Fact]
    public Task Auditor_sees_audit_and_standings_but_not_approvals() =>
        AssertLinksAsync([Role.Auditor], "nav-request-standings", "nav-sync", "nav-standings", "nav-audit");

    [Fact]
    public Task Administrator_sees_every_link() =>
        AssertLinksAsync([Role.Administrator], AllLinks);

    [Fact]
    public void Anonymous_visitor_sees_no_role_links()
    {
        var cut = Render<NavMenu>();

        foreach (var link in AllLinks)
            Assert.Empty(cut.FindAll($"[data-testid={link}]"));
    }
}
