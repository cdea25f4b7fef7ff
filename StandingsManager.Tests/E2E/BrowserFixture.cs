using Microsoft.Playwright;

namespace StandingsManager.Tests.E2E;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download). A missing browser fails the
/// test with instructions; it never skips.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium not found at {ChromiumPath}. Install it with 'apt-get install -y chromium' (the README test command does) or set CHROMIUM_PATH.");
        _playwright = await Playwright.CreateAsync();
        // Expect waits as long as actions do: 5 s, Playwright's default, is short for a page on a busy 2-core machine
        // with the suite running beside it.
        Assertions.SetDefaultExpectTimeout(15_000);
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumFlags });
    }

    /// <summary>Runs a test body in a fresh browser context; on failure saves a screenshot beside the test output.</summary>
    /// <param name="ignoreHttpsErrors">Accept a self-signed certificate (the deployed instance's nginx).</param>
    /// <param name="locale">The browser's language (its Accept-Language), e.g. "de-DE"; the browser's default when null.</param>
    public async Task WithPageAsync(string name, Func<IPage, Task> body, bool ignoreHttpsErrors = false, string? locale = null)
    {
        await using var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 }, IgnoreHTTPSErrors = ignoreHttpsErrors, Locale = locale });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        try
        {
            await body(page);
        }
        catch
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"{name}-{DateTime.UtcNow:yyyyMMddHHmmss}.png");
            await page.ScreenshotAsync(new() { Path = file, FullPage = true });
            TestContext.Current.SendDiagnosticMessage($"Screenshot saved: {file}");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
