using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using StandingsManager.App.Components.Pages.Characters;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Operations;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Components;

/// <summary>The buttons that cost ESI calls count per account, and say when to try again.</summary>
public sealed class EsiCheckLimitTests : PageTestContext
{
    public EsiCheckLimitTests()
    {
        // One check an hour: nothing refills while the test runs.
        Services.Configure<RateLimitOptions>(o => (o.EsiChecks, o.Window) = (1, TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Check_contacts_past_the_limit_says_when_to_try_again()
    {
        var mia = await SeedAccountAsync("Mia Member", 1001);
        await AddCharacterAsync(mia, 1002, "Mia Alt");
        await using (var db = NewDb())
            await db.GrantAsync(1002, Now);
        SignIn(mia, "Mia Member");
        var cut = RenderPage<MyCharacters>();
        var snackbars = Services.GetRequiredService<ISnackbar>();

        // This hour's one check was spent already (another tab, a Preview): the button is refused before EVE is called.
        Services.GetRequiredService<EsiCheckLimits>().Take(mia);
        cut.ClickWhenShown("[data-testid=check-contacts-1002]");

        cut.WaitForAssertion(() => Assert.Single(snackbars.ShownSnackbars));
        Assert.Matches(@"^Too many ESI checks in a short time: try again in 3[56]\d\d s\.$", snackbars.ShownSnackbars.Single().Message);
        Assert.Empty(cut.FindAll("[data-testid=contacts-1002]"));
    }
}
