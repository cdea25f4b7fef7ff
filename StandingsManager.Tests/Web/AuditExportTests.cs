using System.Net;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

public sealed class AuditExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_auditors_get_the_csv_and_a_bad_filter_gets_a_clear_answer()
    {
        await using var app = new StandingsAppFactory();
        using var anonymous = new DemoSignIn(app.BaseAddress);
        using (var response = await anonymous.Client.GetAsync("/audit/export.csv", Ct))
            Assert.DoesNotContain("When (UTC)", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var approver = new DemoSignIn(app.BaseAddress);
        await approver.SignInAsync(DemoPersonas.Approver);
        using (var response = await approver.Client.GetAsync("/audit/export.csv", Ct))
            Assert.DoesNotContain("When (UTC)", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var auditor = new DemoSignIn(app.BaseAddress);
        await auditor.SignInAsync(DemoPersonas.Auditor);
        using (var response = await auditor.Client.GetAsync("/audit/export.csv?action=EntryAdded&to=2999-12-31", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("attachment;", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
            Assert.Matches(@"^""?audit-\d{8}-\d{4}\.csv""?$", response.Content.Headers.ContentDisposition?.FileName);
            Assert.True(response.Headers.CacheControl?.NoStore);
            var lines = (await response.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(4, lines.Length); // the header and the demo seed's three entries
            Assert.All(lines.Skip(1), l => Assert.Contains(",Entry added,", l, StringComparison.Ordinal));
        }
        using (var response = await auditor.Client.GetAsync("/audit/export.csv?from=yesterday", Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("yyyy-MM-dd", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        using (var response = await auditor.Client.GetAsync("/audit/export.csv?action=3", Ct))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
