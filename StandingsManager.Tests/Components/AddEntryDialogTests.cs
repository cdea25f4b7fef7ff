using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Components.Pages.Standings;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Tests.EsiIntegration;

namespace StandingsManager.Tests.Components;

/// <summary>Adding an entry by hand from the standings page, with ids and names resolved over real HTTP in the app's simulated ESI.</summary>
public sealed class AddEntryDialogTests : PageTestContext
{
    private const long BlueFriendsCorp = 98_000_002;
    private const long BobBlue = 90_000_101;

    private readonly EsiRig _rig = new();

    public AddEntryDialogTests() => Services.AddSingleton(_rig.Esi);

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _rig.DisposeAsync();
    }

    private async Task<IRenderedComponent<Bunit.Rendering.ContainerFragment>> OpenDialogAsync()
    {
        var account = await SeedAccountAsync("Ada Admiral", 90_000_001, Role.Administrator);
        SignIn(account, "Ada Admiral", Role.Administrator);
        var cut = RenderPage<StandingsList>();
        cut.WaitForElement("[data-testid=standings-empty]");
        cut.ClickWhenShown("[data-testid=add-entry]");
        cut.WaitForElement("[data-testid=add-entry-dialog]");
        return cut;
    }

    /// <remarks>A character's id, added as a corporation named "Totally Wrong Name", sent every synced character to Warning.</remarks>
    [Fact]
    public async Task An_id_of_another_type_is_refused_in_the_dialog_with_the_type_eve_gives()
    {
        var cut = await OpenDialogAsync();

        cut.ChangeWhenShown("[data-testid=add-id]", BobBlue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        cut.ChangeWhenShown("[data-testid=add-standing]", "5");
        cut.ClickWhenShown("[data-testid=add-confirm]");

        cut.WaitForAssertion(() => Assert.Equal($"{BobBlue} is Bob Blue, a character, not a corporation.", cut.Find("[data-testid=add-error]").TextContent), TimeSpan.FromSeconds(30));
        Assert.Single(cut.FindAll("[data-testid=add-entry-dialog]"));
        await using var db = NewDb();
        Assert.False(await db.Standings.AnyAsync(Ct));
        // Nothing on the page lets a name be typed in.
        Assert.Empty(cut.FindAll("input[data-testid=add-name]"));
    }

    [Fact]
    public async Task An_entity_found_by_its_exact_name_is_shown_then_added_under_eves_name()
    {
        var cut = await OpenDialogAsync();

        cut.ChangeWhenShown("[data-testid=add-search]", "blue friends corp");
        cut.ClickWhenShown("[data-testid=add-find]");

        cut.WaitForAssertion(() => Assert.Equal($"Adds Blue Friends Corp, corporation {BlueFriendsCorp}.", cut.Find("[data-testid=add-name]").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Contains("Blue Friends Corp", cut.Find($"[data-testid=add-found-{BlueFriendsCorp}]").TextContent, StringComparison.Ordinal);
        Assert.Equal(BlueFriendsCorp.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=add-id]").GetAttribute("value"));
        cut.ChangeWhenShown("[data-testid=add-standing]", "7.5");
        cut.ClickWhenShown("[data-testid=add-confirm]");

        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=add-entry-dialog]"));
            Assert.Equal("Blue Friends Corp", cut.Find($"[data-testid=entry-{BlueFriendsCorp}]").TextContent.Trim());
        }, TimeSpan.FromSeconds(30));
        await using var db = NewDb();
        var entry = await db.Standings.SingleAsync(Ct);
        Assert.Equal((EntityType.Corporation, "Blue Friends Corp", 7.5), (entry.EntityType, entry.EntityName, entry.Standing));
    }

    [Fact]
    public async Task A_name_eve_does_not_know_is_refused_in_the_dialog()
    {
        var cut = await OpenDialogAsync();

        cut.ChangeWhenShown("[data-testid=add-search]", "Totally Wrong Name");
        cut.ClickWhenShown("[data-testid=add-find]");

        cut.WaitForAssertion(() => Assert.Equal("EVE knows no character, corporation or alliance named 'Totally Wrong Name'. Check the spelling, or give the id.",
            cut.Find("[data-testid=add-error]").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(cut.FindAll("[data-testid=add-found]"));
    }
}
