using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Audit;
using StandingsManager.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

[Trait("Category", "E2E")]
public sealed class AuditJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_auditor_exports_a_filtered_log_and_the_file_holds_exactly_the_filtered_rows()
    {
        await using var app = new StandingsAppFactory();
        string[] lines = [];
        int shown = 0;
        await browser.WithPageAsync(nameof(An_auditor_exports_a_filtered_log_and_the_file_holds_exactly_the_filtered_rows), async page =>
        {
            var ui = new StandingsPages(page, app.BaseAddress);
            await ui.SignInAsync("/audit", DemoPersonas.Auditor, "Aud Auditor");
            await Expect(ui.ByTestId("audit-row-at").First).ToBeVisibleAsync();

            // The seed's three list entries, not Milo Member's request.
            await ui.Field("audit-actor").FillAsync("demo seed");
            await ui.Field("audit-actor").PressAsync("Tab");
            await Expect(ui.ByTestId("audit-row-at")).ToHaveCountAsync(3);
            shown = await ui.ByTestId("audit-row-at").CountAsync();

            var download = await page.RunAndWaitForDownloadAsync(() => ui.ByTestId("audit-export").ClickAsync());
            var path = await download.PathAsync();
            lines = (await File.ReadAllLinesAsync(path!)).Where(l => l.Length > 0).ToArray();
            Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        });

        var expected = await app.WithDbAsync(db => db.Audit.Where(a => a.ActorName == "Demo seed").OrderByDescending(a => a.At).ThenByDescending(a => a.Id).ToListAsync());
        Assert.Equal(shown, lines.Length - 1);
        Assert.Equal(expected.Count, lines.Length - 1);
        Assert.Equal("When (UTC),Action,List,Actor,Subject,Standing,Details", lines[0].TrimStart('\uFEFF'));
        Assert.Equal(expected.Select(a => $"{AuditAction.EntryAdded.Describe()},Alliance Standings,Demo seed,{a.SubjectName},"), lines.Skip(1).Select(l => l.Split(',')[1..5]).Select(f => string.Join(',', f) + ","));
        Assert.DoesNotContain(lines, l => l.Contains("Milo Member", StringComparison.Ordinal));
    }
}
