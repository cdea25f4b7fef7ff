using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Components;
using Microsoft.Playwright;
using StandingsManager.App.Demo;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

/// <summary>
/// Every persona (and a visitor who is not signed in) walks every page they may open, once on a desktop screen with an
/// axe scan (no serious or critical violation, one <c>main</c>, one <c>h1</c>), then with the same tab narrowed to a phone
/// (390 × 844): nothing scrolls sideways, no button clips its words, tables are labelled cards, the menu is folded away
/// and Sign out is in reach. At both sizes the bell's count stays inside the app bar. One app for all, one context and one
/// sign-in per persona.
/// </summary>
[Trait("Category", "E2E")]
public sealed class AccessibilityWalkTests(BrowserFixture browser, AccessibilityWalkTests.DemoApp demo) : IClassFixture<BrowserFixture>, IClassFixture<AccessibilityWalkTests.DemoApp>
{
    public sealed class DemoApp : IAsyncLifetime
    {
        // The demo as a visitor meets it: synced personas with their history, so dashboards show sync problems and charts.
        // The walk opens each page twice within a minute or two, faster than a person: more circuit starts than the
        // per-account limit allows (30 a minute), which would leave a page without its circuit.
        public StandingsAppFactory App { get; } = new(new()
        {
            [DemoSeeder.SeedSyncSetting] = "true",
            ["RateLimits:CircuitStarts"] = "1000",
        });
        public ValueTask InitializeAsync() => ValueTask.CompletedTask;
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    /// <summary>The pages as the app declares them: every routable component without a route parameter.</summary>
    public static IReadOnlyList<string> Pages { get; } = typeof(DemoUniverse).Assembly.GetTypes()
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
        .Select(r => r.Template)
        .Where(t => !t.Contains('{', StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Buttons on a page that open a dialog worth scanning as well.</summary>
    private static readonly Dictionary<string, string> DialogOpeners = new(StringComparer.Ordinal)
    {
        ["/standings"] = "[data-testid=add-entry]",
        ["/manage/requests"] = "[data-testid^=approve-]",
    };

    public static TheoryData<long?> Walkers => [.. DemoUniverse.Personas.Select(p => (long?)p.Id).Append(null)];

    [Theory]
    [MemberData(nameof(Walkers))]
    public async Task Every_page_a_persona_may_open_passes_the_scan_and_fits_a_phone(long? personaId)
    {
        var persona = DemoUniverse.Personas.SingleOrDefault(p => p.Id == personaId);
        var who = persona?.Name ?? "a visitor";
        var failures = new List<string>();
        var visited = new List<string>();

        // One context and one sign-in for the persona; the phone walk is the same tab made narrow.
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = Desktop });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var ui = new StandingsPages(page, demo.App.BaseAddress);
        await RecordingScreenshotAsync(page, $"walk-{personaId}", async () =>
        {
            if (persona is not null)
                await ui.SignInAsync("/characters", persona.Id, persona.Name);

            foreach (var path in Pages)
            {
                if (!await OpenAsync(page, ui, path))
                    continue;
                // The app bar and the menu are the same on every page: scanned in full on the first, then only the page.
                var scope = visited.Count == 0 ? null : "main";
                visited.Add(path);
                failures.AddRange(await LandmarksAsync(page, $"{path} as {who}"));
                failures.AddRange(await ScanAsync(page, scope, $"{path} as {who}"));
                failures.AddRange(await BadgeProblemsAsync(page, $"{path} as {who}"));
                if (DialogOpeners.TryGetValue(path, out var opener) && await page.Locator(opener).CountAsync() > 0)
                {
                    await page.Locator(opener).First.PressAsync("Enter");
                    await Expect(page.Locator(".mud-dialog")).ToBeVisibleAsync();
                    failures.AddRange(await ScanAsync(page, ".mud-dialog-container", $"{path} (dialog) as {who}"));
                    await page.Locator(".mud-dialog .mud-dialog-actions button").First.PressAsync("Enter"); // Cancel
                    await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
                }
            }

            await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
            foreach (var path in visited)
            {
                Assert.True(await OpenAsync(page, ui, path), $"{path} opened on a desktop for {who} but not on a phone");
                failures.AddRange(await PhoneProblemsAsync(page, $"{path} on a phone as {who}"));
            }
            if (persona is not null)
            {
                // Sign out is on screen and works from a phone (the last page walked is still open).
                var signOut = ui.ByTestId("sign-out");
                await Expect(signOut).ToBeInViewportAsync(new() { Ratio = 1 });
                await signOut.ClickAsync();
                await Expect(ui.ByTestId("home-sign-in")).ToBeVisibleAsync();
            }
        });

        Assert.Contains("/", visited);
        Assert.True(failures.Count == 0, $"{failures.Count} problem(s) for {who}:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    private static readonly ViewportSize Desktop = new() { Width = 1400, Height = 900 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Fact]
    public void The_walk_knows_every_page()
    {
        // A new page joins the walk by its @page directive; this guards the reflection that finds them.
        Assert.Contains("/", Pages);
        Assert.Contains("/admin/synced-characters", Pages);
        Assert.Contains("/standings/import", Pages);
        Assert.True(Pages.Count >= 15, string.Join(", ", Pages));
    }

    /// <summary>Opens a page and waits until it is interactive and its data has loaded; false when the app sent the walker elsewhere (sign-in, access denied).</summary>
    private static async Task<bool> OpenAsync(IPage page, StandingsPages ui, string path)
    {
        await ui.GotoAsync(path);
        if (!string.Equals(new Uri(page.Url).AbsolutePath, path, StringComparison.OrdinalIgnoreCase))
            return false;
        // The walk opens some 40 pages per persona, each a new circuit, while the rest of the suite runs beside it: a
        // circuit may take longer than one action's 15 s to connect on a busy 2-core machine.
        await page.GetByTestId("circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 45_000 });
        // Tables and cards load after the first render: wait for their progress bars to go.
        await page.WaitForFunctionAsync("() => !document.querySelector('main .mud-progress-linear, main .mud-table-loading, main .mud-progress-circular')");
        return true;
    }

    private static async Task<IEnumerable<string>> LandmarksAsync(IPage page, string where)
    {
        var problems = new List<string>();
        var mains = await page.Locator("main").CountAsync();
        if (mains != 1)
            problems.Add($"{where}: {mains} <main> landmarks, expected 1");
        var headings = await page.Locator("h1").AllInnerTextsAsync();
        if (headings.Count != 1)
            problems.Add($"{where}: {headings.Count} h1 headings ({string.Join(" | ", headings)}), expected 1");
        return problems;
    }

    /// <summary>axe-core's serious and critical violations inside <paramref name="scope"/> (the whole page when null), each with rule, node and summary.</summary>
    private static async Task<IEnumerable<string>> ScanAsync(IPage page, string? scope, string where)
    {
        // Only violations are collected: gathering every passing node is most of axe's time on a long table.
        var options = new AxeRunOptions { ResultTypes = [ResultType.Violations] };
        var result = scope is null ? await page.RunAxe(options) : await page.Locator(scope).First.RunAxe(options);
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .SelectMany(v => v.Nodes.Select(n => $"{where}: {v.Id} ({v.Impact}) at {n.Target}: {v.Help}. {string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))}"));
    }

    private const string PhoneChecks = $$"""
        () => {
          const problems = [];
          const doc = document.documentElement;
          const describe = e => e.tagName.toLowerCase() + (e.dataset.testid ? `[data-testid=${e.dataset.testid}]` : '')
            + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).slice(0, 3).join('.') : '');
          const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
          if (doc.scrollWidth > doc.clientWidth) {
            // The deepest elements that reach past the right edge: the ones to fix.
            const wide = [...document.body.querySelectorAll('*')].filter(e => visible(e) && e.getBoundingClientRect().right > doc.clientWidth + 1);
            const deepest = wide.filter(e => !wide.some(o => o !== e && e.contains(o))).slice(0, 5);
            problems.push(`scrolls sideways: ${doc.scrollWidth} px wide for ${doc.clientWidth}; too wide: ${deepest.map(e => describe(e) + ' ' + Math.round(e.getBoundingClientRect().right) + 'px').join(', ')}`);
          }
          for (const b of document.querySelectorAll('.mud-button-label, .mud-chip-content')) {
            if (visible(b) && b.scrollWidth > b.clientWidth + 1)
              problems.push(`clips its words: "${b.textContent.trim()}" shows ${b.clientWidth} of ${b.scrollWidth} px`);
          }
          for (const table of document.querySelectorAll('main table')) {
            if (!visible(table)) continue;
            const head = table.querySelector('thead');
            if (head && visible(head) && table.getBoundingClientRect().width > 0 && !table.closest('.mud-xs-table, .stack-on-phone'))
              problems.push(`a table is not cards: ${describe(table.closest('[data-testid]') || table)}`);
            for (const row of table.querySelectorAll('tbody tr')) {
              const cells = row.querySelectorAll('td');
              if (cells.length < 2) continue;
              // The label a card line shows is its ::before text (data-label, or the app's CSS for MudTable's own cells).
              const label = cell => { const c = getComputedStyle(cell, '::before').content; return c && c !== 'none' && c !== 'normal' && c !== '""'; };
              for (const cell of cells)
                if (visible(cell) && !label(cell) && cell.textContent.trim())
                  problems.push(`an unlabelled cell in a card: ${describe(table.closest('[data-testid]') || table)}: "${cell.textContent.trim().slice(0, 40)}"`);
            }
          }
          const drawer = document.querySelector('[data-testid=nav-drawer]');
          if (drawer && drawer.classList.contains('mud-drawer--open'))
            problems.push('the menu is open over the page');
          const menu = document.querySelector('[data-testid=menu-button]');
          if (!menu || !visible(menu))
            problems.push('no menu button');
          const signOut = document.querySelector('[data-testid=sign-out]');
          if (signOut) {
            const r = signOut.getBoundingClientRect();
            if (r.right > doc.clientWidth || r.left < 0 || !visible(signOut))
              problems.push(`Sign out is off screen (${Math.round(r.left)}–${Math.round(r.right)} px)`);
          }
          // Chart axis labels must not print over each other.
          for (const chart of document.querySelectorAll('main .mud-chart')) {
            const labels = [...chart.querySelectorAll('svg text')].filter(visible).map(t => [t.textContent, t.getBoundingClientRect()]);
            const tiny = labels.find(([, r]) => r.height > 0 && r.height < 8);
            if (tiny)
              problems.push(`chart labels too small to read: "${tiny[0]}" is ${Math.round(tiny[1].height)} px high in ${describe(chart.closest('[data-testid]') || chart)}`);
            for (let i = 0; i < labels.length; i++)
              for (let j = i + 1; j < labels.length; j++) {
                const [ta, a] = labels[i], [tb, b] = labels[j];
                if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
                  problems.push(`chart labels overlap: "${ta}" and "${tb}" in ${describe(chart.closest('[data-testid]') || chart)}`);
                  i = labels.length; break;
                }
              }
          }
          return problems.concat(({{BadgeChecks}})());
        }
        """;

    /// <summary>Badges (the bell's count) lie wholly inside the window and their app bar, at any size.</summary>
    private const string BadgeChecks = """
        () => {
          const problems = [];
          for (const badge of document.querySelectorAll('.mud-badge')) {
            if (badge.getClientRects().length === 0 || getComputedStyle(badge).visibility === 'hidden') continue;
            const r = badge.getBoundingClientRect();
            const bar = (badge.closest('header') || document.documentElement).getBoundingClientRect();
            if (r.top < Math.max(0, bar.top) || r.bottom > bar.bottom || r.left < 0 || r.right > document.documentElement.clientWidth)
              problems.push(`a badge is clipped: "${badge.textContent.trim()}" at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} in a bar ${Math.round(bar.top)}–${Math.round(bar.bottom)}`);
          }
          return problems;
        }
        """;

    private static async Task<IEnumerable<string>> BadgeProblemsAsync(IPage page, string where)
    {
        var problems = await page.EvaluateAsync<JsonElement>(BadgeChecks);
        return problems.EnumerateArray().Select(p => $"{where}: {p.GetString()}").ToList();
    }

    private static async Task<IEnumerable<string>> PhoneProblemsAsync(IPage page, string where)
    {
        // The menu folds away once the circuit knows the screen's width; it must not stay open over the page.
        await Expect(page.GetByTestId("nav-drawer")).Not.ToHaveClassAsync(new Regex(@"\bmud-drawer--open\b"));
        var problems = await page.EvaluateAsync<JsonElement>(PhoneChecks);
        return problems.EnumerateArray().Select(p => $"{where}: {p.GetString()}").Distinct(StringComparer.Ordinal).ToList();
    }

    private static async Task RecordingScreenshotAsync(IPage page, string name, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"{name}-{DateTime.UtcNow:yyyyMMddHHmmss}.png");
            await page.ScreenshotAsync(new() { Path = file, FullPage = true });
            TestContext.Current.SendDiagnosticMessage($"Screenshot saved: {file} ({page.Url})");
            throw;
        }
    }
}
