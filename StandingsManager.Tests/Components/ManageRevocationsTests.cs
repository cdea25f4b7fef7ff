using Bunit;
using StandingsManager.App.Components.Pages.Revocations;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Revocations;

namespace StandingsManager.Tests.Components;

public sealed class ManageRevocationsTests : PageTestContext
{
    [Fact]
    public async Task Approver_sees_pending_revocations_with_their_reasons()
    {
        var owner = await SeedAccountAsync("Olga Owner", 1001);
        await SeedEntryAsync(1001, "Olga Owner", 5);
        await SeedEntryAsync(1002, "Lost Token", 10);
        await SeedPendingRevocationAsync(1001, "Olga Owner", owner, "Olga Owner");
        await SeedPendingRevocationAsync(1002, "Lost Token", null, "System", RevocationSource.System, SystemRevocationReason.TokenLost);
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);

        var cut = RenderPage<ManageRevocations>();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Olga Owner", cut.Find("[data-testid=queue-entity-1001]").TextContent.Trim());
            Assert.Equal("Lost Token", cut.Find("[data-testid=queue-entity-1002]").TextContent.Trim());
        });
        Assert.Single(cut.FindAll("[data-testid=approve-1001]"));
        Assert.Single(cut.FindAll("[data-testid=reject-1001]"));
        Assert.Single(cut.FindAll("[data-testid=approve-1002]"));
        var queue = cut.Find("[data-testid=revocation-queue]").TextContent;
        Assert.Contains("Asked for by the owner", queue, StringComparison.Ordinal);
        Assert.Contains("System: TokenLost", queue, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=queue-empty]"));
    }

    [Fact]
    public async Task Empty_queue_shows_the_empty_state()
    {
        await SeedEntryAsync(1001, "Olga Owner", 5);
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);

        var cut = RenderPage<ManageRevocations>();

        cut.WaitForElement("[data-testid=queue-empty]");
        Assert.Empty(cut.FindAll("[data-testid=queue-entity-1001]"));
    }
}
