using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Components.Pages.Standings;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Standings;
using StandingsManager.Tests.EsiIntegration;

namespace StandingsManager.Tests.Components;

/// <summary>The import page against real SQLite, with names looked up over real HTTP in the app's simulated ESI.</summary>
public sealed class ImportStandingsTests : PageTestContext
{
    private readonly EsiRig _rig = new();

    public ImportStandingsTests()
    {
        Services.AddSingleton(_rig.Esi);
        Services.AddTransient<StandingsImport>();
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _rig.DisposeAsync();
    }

    private async Task<IRenderedComponent<Bunit.Rendering.ContainerFragment>> RenderAsAsync(params Role[] roles)
    {
        var account = await SeedAccountAsync("Ada Admiral", 90_000_001, roles);
        SignIn(account, "Ada Admiral", roles);
        return RenderPage<ImportStandings>();
    }

    private static void Upload(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, string csv, string name = "list.csv")
    {
        // The form shows once the page has read its lists from the database, which on a server takes a moment.
        cut.WaitForState(() => cut.FindComponents<InputFile>().Count > 0);
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(csv, name));
    }

    [Fact]
    public async Task Errors_are_listed_by_line_and_nothing_can_be_applied()
    {
        var cut = await RenderAsAsync(Role.Administrator);

        Upload(cut, "name,type,standing\nPete Pirate,character,-10\nNobody Here,character,5\nBob Blue,character,12\n");

        cut.WaitForAssertion(() => Assert.Equal(
            ["Line 3: EVE knows no character named 'Nobody Here'. Check the spelling, or give the id.",
             "Line 4: A standing must be between -10 and +10; 12 is not."],
            cut.FindAll("[data-testid=import-error-line]").Select(e => e.TextContent.Trim())));
        Assert.Equal("Add", cut.Find("[data-testid=import-row-2] [data-testid=import-action]").TextContent.Trim());
        Assert.Contains("1 to add, 0 to update, 0 unchanged, 2 with errors", cut.Find("[data-testid=import-summary]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=import-apply]"));
    }

    [Fact]
    public async Task A_good_file_previews_then_applies()
    {
        await SeedEntryAsync(98_000_002, "Blue Friends Corp", 5, EntityType.Corporation);
        var cut = await RenderAsAsync(Role.Administrator);

        Upload(cut, "name,type,standing\nPete Pirate,character,-10\nBlue Friends Corp,corporation,7.5\n");
        cut.WaitForAssertion(() => Assert.Equal("Update", cut.Find("[data-testid=import-row-3] [data-testid=import-action]").TextContent.Trim()));
        Assert.Equal("standing +5.0 → +7.5", cut.Find("[data-testid=import-row-3] td:last-child").TextContent.Trim());
        cut.ChangeWhenShown("[data-testid=import-reason]", "new year");
        cut.ClickWhenShown("[data-testid=import-apply]");

        cut.WaitForAssertion(() => Assert.StartsWith("Applied 2 changes from list.csv.", cut.Find("[data-testid=import-done]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=import-preview]"));
        await using var db = NewDb();
        Assert.Equal([(90_000_201L, -10.0), (98_000_002L, 7.5)],
            (await db.Standings.OrderBy(e => e.EntityId).ToListAsync(Ct)).Select(e => (e.EntityId, e.Standing)));
        Assert.Equal(2, await db.Audit.CountAsync(a => a.Details!.Contains("Imported from CSV: new year"), Ct));
    }

    [Fact]
    public async Task A_file_announced_over_5_MB_is_refused_unread()
    {
        var cut = await RenderAsAsync(Role.Administrator);

        cut.WaitForState(() => cut.FindComponents<InputFile>().Count > 0);
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[StandingsCsv.MaxBytes + 1], "huge.csv"));

        cut.WaitForAssertion(() => Assert.Equal("huge.csv is over 5 MB. Split it into smaller files.", cut.Find("[data-testid=import-error]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=import-preview]"));
    }

    /// <remarks>The claims say Administrator, the database says Approver: the server refuses and the page says why.</remarks>
    [Fact]
    public async Task The_server_rechecks_the_role_from_the_database()
    {
        var account = await SeedAccountAsync("Abe Approver", 90_000_002, Role.Approver);
        SignInClaiming(account, "Abe Approver", "Member", "Approver", "Administrator");
        var cut = RenderPage<ImportStandings>();

        Upload(cut, "name,type,standing\nPete Pirate,character,-10\n");

        cut.WaitForAssertion(() => Assert.Equal("list.csv: You need the Administrator role to import the standings list.", cut.Find("[data-testid=import-error]").TextContent.Trim()));
        await using var db = NewDb();
        Assert.False(await db.Standings.AnyAsync(Ct));
    }
}
