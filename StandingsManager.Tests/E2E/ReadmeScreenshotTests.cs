using Microsoft.Playwright;
using StandingsManager.App.Demo;
using StandingsManager.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

/// <summary>
/// The README's screenshots (a phone's, and a page in German), taken from the demo as a visitor meets it (synced personas with their history).
/// Every run takes them (into the test output) and checks each fits the phone; set <c>STANDINGS_README_SCREENSHOTS</c> to a
/// folder (relative to the repository root: <c>docs/screenshots</c>) to refresh the README's copies, as README
/// "Accessibility and phones" shows.
/// </summary>
[Trait("Category", "E2E")]
public sealed class ReadmeScreenshotTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public const string FolderSetting = "STANDINGS_README_SCREENSHOTS";

    [Fact]
    public async Task The_phone_views_of_the_dashboard_and_synced_characters_fit_the_screen_and_are_saved()
    {
        var folder = ScreenshotFolder();

        await using var app = new StandingsAppFactory(new() { [DemoSeeder.SeedSyncSetting] = "true" });
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, DeviceScaleFactor = 2 });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var ui = new StandingsPages(page, app.BaseAddress);
        await ui.SignInAsync("/characters", DemoPersonas.Administrator, "Ada Admiral");

        foreach (var (path, name, ready) in new[]
        {
            ("/", "phone-dashboard.png", "sync-outcomes-chart"),
            ("/admin/synced-characters", "phone-synced-characters.png", $"synced-{DemoPersonas.Member}"),
        })
        {
            await ui.GotoAsync(path);
            await ui.WaitForInteractiveAsync();
            await Expect(ui.ByTestId(ready)).ToBeVisibleAsync();
            await Expect(ui.ByTestId("nav-drawer")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmud-drawer--open\b"));
            await page.WaitForFunctionAsync("() => !document.querySelector('main .mud-progress-linear, main .mud-table-loading, main .mud-progress-circular')");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), $"{path} scrolls sideways on a phone");

            var file = Path.Combine(folder, name);
            await page.ScreenshotAsync(new() { Path = file });
            // A PNG of the phone's size (at twice the pixels): 780 × 1688.
            var header = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
            Assert.Equal("\u0089PNG", System.Text.Encoding.Latin1.GetString(header, 0, 4));
            Assert.Equal(780, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)));
            Assert.Equal(1688, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
        }
    }

    [Fact]
    public async Task The_standings_list_in_german_reads_german_and_is_saved()
    {
        var folder = ScreenshotFolder();
        await using var app = new StandingsAppFactory(new() { [DemoSeeder.SeedSyncSetting] = "true" });
        // A German browser: Accept-Language de-DE, no picker involved.
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "de-DE" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var ui = new StandingsPages(page, app.BaseAddress);
        await ui.SignInAsync("/characters", DemoPersonas.Administrator, "Ada Admiral");

        await ui.GotoAsync("/standings");
        await ui.WaitForInteractiveAsync();
        await Expect(ui.ByTestId("standings-heading")).ToHaveTextAsync("Ansehen: Alliance Standings");
        await Expect(ui.ByTestId("nav-standings")).ToHaveTextAsync("Ansehen");
        await page.WaitForFunctionAsync("() => !document.querySelector('main .mud-progress-linear, main .mud-table-loading, main .mud-progress-circular')");

        var file = Path.Combine(folder, "german-standings.png");
        await page.ScreenshotAsync(new() { Path = file });
        var header = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        Assert.Equal(1280, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)));
    }

    private static string ScreenshotFolder()
    {
        var folder = Environment.GetEnvironmentVariable(FolderSetting) is { Length: > 0 } target
            ? Path.IsPathRooted(target) ? target : Repository.PathOf(target)
            : Path.Combine(AppContext.BaseDirectory, "readme-screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
