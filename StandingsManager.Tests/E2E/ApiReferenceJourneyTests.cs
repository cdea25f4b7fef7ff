using System.Collections.Concurrent;
using StandingsManager.App.Api;
using StandingsManager.App.Security;
using StandingsManager.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

/// <summary>The browsable API reference works offline, from the app's own assets, under the app's security policy.</summary>
[Trait("Category", "E2E")]
public sealed class ApiReferenceJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_reference_shows_the_operations_with_no_request_to_another_host_and_nothing_refused()
    {
        await using var app = new StandingsAppFactory();
        await browser.WithPageAsync(nameof(The_reference_shows_the_operations_with_no_request_to_another_host_and_nothing_refused), async page =>
        {
            var refused = new ConcurrentQueue<string>();
            var elsewhere = new ConcurrentQueue<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                    refused.Enqueue(message.Text);
            };
            await page.AddInitScriptAsync(
                "window.__refused = []; document.addEventListener('securitypolicyviolation', e => window.__refused.push(e.violatedDirective + ' ' + e.blockedURI));");
            // Anything bound for another host is recorded and dropped, as it would be with no internet.
            await page.RouteAsync("**/*", async route =>
            {
                var url = new Uri(route.Request.Url);
                if (url.Scheme is "data" or "blob" || url.Authority == app.BaseAddress.Authority)
                {
                    await route.ContinueAsync();
                    return;
                }
                elsewhere.Enqueue(route.Request.Url);
                await route.AbortAsync();
            });

            // The reference fetches the document once its 5 MB script has started: on a busy machine that takes a while.
            var document = page.WaitForResponseAsync(r => r.Url.EndsWith(ApiDocumentation.DocumentPath, StringComparison.Ordinal), new() { Timeout = 60_000 });
            var response = await page.GotoAsync(new Uri(app.BaseAddress, ApiDocumentation.ReferencePath).ToString(), new() { Timeout = 60_000 });
            Assert.Equal(200, response!.Status);
            var policy = await response.HeaderValueAsync("content-security-policy");
            Assert.NotNull(policy);
            Assert.NotEqual(SecurityHeaders.ContentSecurityPolicy, policy); // loosened by the start-up script's hash only
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", policy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)), StringComparison.Ordinal);

            // The reference rendered the document: each operation's summary is on the page.
            Assert.Equal(200, (await document).Status);
            await Expect(page.Locator("body")).ToContainTextAsync("The lists: id, name, source", new() { Timeout = 30_000 });
            await Expect(page.Locator("body")).ToContainTextAsync("A list's entries, paged", new() { Timeout = 30_000 });
            await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);

            // Scalar tries eval once and works without it (the operations above rendered): eval stays refused. Nothing else is.
            var violations = await page.EvaluateAsync<string[]>("window.__refused");
            Assert.DoesNotContain(violations, v => v != "script-src eval");
            Assert.DoesNotContain(refused, r => !r.Contains("'unsafe-eval'", StringComparison.Ordinal));
            Assert.Empty(elsewhere);
        });
    }
}
