using System.Net;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>Every page checks the role on the server: anonymous visitors go to sign-in, wrong roles are refused.</summary>
public sealed class PageAccessTests(PageAccessTests.Server server) : IClassFixture<PageAccessTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public StandingsAppFactory App { get; } = new();
        public ValueTask InitializeAsync() => ValueTask.CompletedTask;
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    public static TheoryData<string> ProtectedPages => ["/request-standings", "/characters", "/manage/requests", "/manage/revocations", "/standings", "/audit", "/auth/add-character", "/sync", "/admin/synced-characters", "/admin/lists", "/admin/api-keys", "/admin/webhooks", "/standings/import", "/standings/export.csv"];

    [Theory]
    [MemberData(nameof(ProtectedPages))]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string path)
    {
        using var browser = new DemoSignIn(server.App.BaseAddress);

        var response = await browser.Client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(path), response.Headers.Location!.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DemoPersonas.Member, "/request-standings", true)]
    [InlineData(DemoPersonas.Member, "/manage/requests", false)]
    [InlineData(DemoPersonas.Member, "/manage/revocations", false)]
    [InlineData(DemoPersonas.Member, "/standings", false)]
    [InlineData(DemoPersonas.Member, "/audit", false)]
    [InlineData(DemoPersonas.Approver, "/manage/requests", true)]
    [InlineData(DemoPersonas.Approver, "/manage/revocations", true)]
    [InlineData(DemoPersonas.Approver, "/standings", true)]
    [InlineData(DemoPersonas.Approver, "/audit", false)]
    [InlineData(DemoPersonas.Auditor, "/audit", true)]
    [InlineData(DemoPersonas.Auditor, "/standings", true)]
    [InlineData(DemoPersonas.Auditor, "/manage/requests", false)]
    [InlineData(DemoPersonas.Auditor, "/manage/revocations", false)]
    [InlineData(DemoPersonas.Administrator, "/manage/requests", true)]
    [InlineData(DemoPersonas.Administrator, "/audit", true)]
    [InlineData(DemoPersonas.Guest, "/characters", true)]
    [InlineData(DemoPersonas.Guest, "/request-standings", false)]
    [InlineData(DemoPersonas.Blue, "/request-standings", true)]
    [InlineData(DemoPersonas.Blue, "/standings", false)]
    [InlineData(DemoPersonas.Member, "/sync", true)]
    [InlineData(DemoPersonas.Member, "/admin/synced-characters", false)]
    [InlineData(DemoPersonas.Approver, "/admin/synced-characters", false)]
    [InlineData(DemoPersonas.Auditor, "/admin/synced-characters", false)]
    [InlineData(DemoPersonas.Administrator, "/admin/synced-characters", true)]
    [InlineData(DemoPersonas.Approver, "/admin/lists", false)]
    [InlineData(DemoPersonas.Administrator, "/admin/lists", true)]
    [InlineData(DemoPersonas.Approver, "/admin/api-keys", false)]
    [InlineData(DemoPersonas.Auditor, "/admin/api-keys", false)]
    [InlineData(DemoPersonas.Administrator, "/admin/api-keys", true)]
    [InlineData(DemoPersonas.Approver, "/admin/webhooks", false)]
    [InlineData(DemoPersonas.Administrator, "/admin/webhooks", true)]
    [InlineData(DemoPersonas.Administrator, "/sync", true)]
    [InlineData(DemoPersonas.Guest, "/sync", false)]
    [InlineData(DemoPersonas.Blue, "/sync", true)]
    [InlineData(DemoPersonas.Administrator, "/standings/import", true)]
    [InlineData(DemoPersonas.Approver, "/standings/import", false)]
    [InlineData(DemoPersonas.Auditor, "/standings/import", false)]
    [InlineData(DemoPersonas.Approver, "/standings/export.csv", true)]
    [InlineData(DemoPersonas.Auditor, "/standings/export.csv", true)]
    [InlineData(DemoPersonas.Member, "/standings/export.csv", false)]
    public async Task Signed_in_users_reach_only_the_pages_of_their_roles(long persona, string path, bool allowed)
    {
        using var browser = new DemoSignIn(server.App.BaseAddress);
        await browser.SignInAsync(persona);

        var response = await browser.Client.GetAsync(path, TestContext.Current.CancellationToken);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_export_is_a_csv_download_of_the_whole_list()
    {
        using var browser = new DemoSignIn(server.App.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Auditor);

        using var response = await browser.Client.GetAsync("/standings/export.csv", TestContext.Current.CancellationToken);
        var lines = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        // Without ?list= the first list: its name is in the file name.
        Assert.Matches(@"^""?standings-alliance-standings-\d{4}-\d{2}-\d{2}\.csv""?$", response.Content.Headers.ContentDisposition.FileName);
        Assert.True(response.Headers.CacheControl?.NoStore, "the export holds member data: no cache may keep it");
        Assert.Equal("id,type,name,standing,notes,expires_at,added_by,added_at", lines[0]);
        var entries = await server.App.WithDbAsync(db => db.Standings.CountAsync());
        Assert.Equal(entries, lines.Length - 1);
        Assert.Contains(lines, l => l.StartsWith("98000004,corporation,Pirate Menace,-10,Shoot on sight,,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_in_returns_to_the_page_asked_for_and_shows_the_user()
    {
        using var browser = new DemoSignIn(server.App.BaseAddress);

        var landing = await browser.SignInAsync(DemoPersonas.Member, "/request-standings");
        var html = await browser.Client.GetStringAsync("/request-standings", TestContext.Current.CancellationToken);

        Assert.Equal("/request-standings", landing.OriginalString);
        Assert.Contains("Mia Member", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"demo-banner\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_refuses_an_open_redirect()
    {
        using var browser = new DemoSignIn(server.App.BaseAddress);

        var landing = await browser.SignInAsync(DemoPersonas.Member, "//evil.example/");

        Assert.Equal("/", landing.OriginalString);
    }

    [Fact]
    public async Task Logout_without_an_antiforgery_token_is_refused_and_keeps_the_session()
    {
        using var browser = new DemoSignIn(server.App.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Member);

        var response = await browser.Client.PostAsync("/auth/logout", new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);
        var after = await browser.Client.GetAsync("/request-standings", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Logout_with_the_page_token_signs_out()
    {
        using var browser = new DemoSignIn(server.App.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Member);
        var html = await browser.Client.GetStringAsync("/request-standings", TestContext.Current.CancellationToken);
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);

        var response = await browser.Client.PostAsync("/auth/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), TestContext.Current.CancellationToken);
        var after = await browser.Client.GetAsync("/request-standings", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
