using Microsoft.EntityFrameworkCore;
using StandingsManager.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

[Trait("Category", "E2E")]
public sealed class ImportJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Header = "name,type,standing,notes";
    private const string GoodRows = "Pete Pirate,character,-10,pirate\nPolly Plunder,character,-10,pirate\nBlue Friends Corp,corporation,7.5,allies\n";

    [Fact]
    public async Task A_csv_with_3_good_rows_and_2_bad_rows_shows_both_errors_by_line_and_applies_nothing_then_the_fixed_file_applies()
    {
        await using var app = new StandingsAppFactory();
        await browser.WithPageAsync(nameof(A_csv_with_3_good_rows_and_2_bad_rows_shows_both_errors_by_line_and_applies_nothing_then_the_fixed_file_applies), async page =>
        {
            var admin = new StandingsPages(page, app.BaseAddress);
            await admin.SignInAsync("/standings/import", DemoPersonas.Administrator, "Ada Admiral");
            var before = await app.WithDbAsync(db => db.Standings.OrderBy(e => e.EntityId).Select(e => new { e.EntityId, e.Standing }).ToListAsync());

            await admin.ChooseCsvAsync("pirates.csv", $"{Header}\n{GoodRows}Nobody Here,character,5,\nNeutral Traders,corporation,15,\n");

            await Expect(admin.ByTestId("import-error-line")).ToHaveTextAsync(
            [
                "Line 5: EVE knows no character named 'Nobody Here'. Check the spelling, or give the id.",
                "Line 6: A standing must be between -10 and +10; 15 is not.",
            ]);
            await Expect(admin.ByTestId("import-apply")).ToHaveCountAsync(0);
            Assert.Equal(before, await app.WithDbAsync(db => db.Standings.OrderBy(e => e.EntityId).Select(e => new { e.EntityId, e.Standing }).ToListAsync()));

            await admin.ChooseCsvAsync("pirates-fixed.csv", $"{Header}\n{GoodRows}Bob Blue,character,5,\nNeutral Traders,corporation,1.5,\n");
            await Expect(admin.ByTestId("import-summary")).ToHaveTextAsync("pirates-fixed.csv: 5 to add, 0 to update, 0 unchanged, 0 with errors");
            await admin.ByTestId("import-apply").ClickAsync();

            await Expect(admin.ByTestId("import-done")).ToContainTextAsync("Applied 5 changes from pirates-fixed.csv.");
            var after = await app.WithDbAsync(db => db.Standings.ToDictionaryAsync(e => e.EntityName, e => e.Standing));
            Assert.Equal(before.Count + 5, after.Count);
            Assert.Equal((-10.0, -10.0, 7.5, 5.0, 1.5), (after["Pete Pirate"], after["Polly Plunder"], after["Blue Friends Corp"], after["Bob Blue"], after["Neutral Traders"]));
            Assert.Equal(5, await app.WithDbAsync(db => db.Audit.CountAsync(a => a.Details!.StartsWith("Imported from CSV"))));
        });
    }
}
