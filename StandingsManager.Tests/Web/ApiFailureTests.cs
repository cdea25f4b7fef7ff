using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Api;
using StandingsManager.Core.Eve.Esi;

namespace StandingsManager.Tests.Web;

/// <summary>When the app or EVE fails, a program still gets problem details it can read, never the app's HTML error page.</summary>
public sealed class ApiFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Pilot 42 of the simulator's crowd: EVE knows them, the app has never looked them up.</summary>
    private const long CrowdPilot = 91_000_042;

    // Retries back off from a few milliseconds, so a failed look-up fails at once.
    private static StandingsAppFactory App() => new(new Dictionary<string, string?> { ["Esi:RetryBaseDelay"] = "00:00:00.010" });

    [Fact]
    public async Task An_unhandled_failure_under_api_v1_is_a_500_problem_not_the_error_page()
    {
        await using var app = App();
        var key = await ApiClients.CreateKeyAsync(app, "Intel bot", [ApiScopes.StandingsRead]);
        using var client = ApiClients.For(app, key.Key);
        using (var ok = await client.GetAsync("/api/v1/lists", Ct))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        // The database loses the keys table: checking the key now fails with the database's own error.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE \"ApiKeys\" RENAME TO \"ApiKeysGone\"", Ct));

        using var response = await client.GetAsync("/api/v1/lists", Ct);
        var problem = await ApiTests.ProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Contains("try again later", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        var body = problem.GetRawText();
        Assert.DoesNotContain("ApiKeys", body, StringComparison.Ordinal); // nothing of the failure itself leaks
        Assert.DoesNotContain("<html", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task When_eve_does_not_name_an_id_the_look_up_is_503_with_retry_after()
    {
        await using var app = App();
        var key = await ApiClients.CreateKeyAsync(app, "Intel bot", [ApiScopes.StandingsRead]);
        using var client = ApiClients.For(app, key.Key);
        // More failures than the ESI client's tries, so the look-up fails after its retries whatever else calls ESI meanwhile.
        app.Services.GetRequiredService<DemoEsiFaults>().ServerErrors(20, 503, DemoEsiEndpoints.NamesRoute);

        using (var response = await client.GetAsync($"/api/v1/standings/{CrowdPilot}", Ct))
        {
            var problem = await ApiTests.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("EVE did not answer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {response.Headers.RetryAfter}");
        }
        using (var response = await client.PostAsJsonAsync("/api/v1/standings/lookup", new[] { CrowdPilot, DemoPersonas.Blue }, Ct))
        {
            await ApiTests.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(response.Headers.RetryAfter?.Delta);
        }
    }

    [Fact]
    public async Task When_eve_does_not_give_a_characters_corporation_the_look_up_is_503_not_a_neutral_answer()
    {
        await using var app = App();
        var key = await ApiClients.CreateKeyAsync(app, "Intel bot", [ApiScopes.StandingsRead]);
        using var client = ApiClients.For(app, key.Key);
        app.Services.GetRequiredService<DemoEsiFaults>().ServerErrors(20, 503, DemoEsiEndpoints.AffiliationRoute);

        using (var response = await client.GetAsync($"/api/v1/standings/{CrowdPilot}", Ct))
        {
            var problem = await ApiTests.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("corporations", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {response.Headers.RetryAfter}");
        }
        // A corporation needs no affiliation: it is still answered while EVE is down.
        using (var response = await client.GetAsync($"/api/v1/standings/{DemoUniverse.CrowdCorporationId}", Ct))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task During_eves_downtime_a_look_up_that_needs_eve_is_503_until_it_ends_and_one_that_does_not_is_answered()
    {
        // Downtime from an hour ago to an hour from now, by the clock of the day as the gate reads it (the demo has none
        // of its own: this puts it back, on the app's side only).
        var now = DateTimeOffset.UtcNow;
        await using var app = new StandingsAppFactory(services: s => s.PostConfigure<EsiClientOptions>(o =>
            (o.DowntimeStart, o.DowntimeEnd) = (now.AddHours(-1).TimeOfDay, now.AddHours(1).TimeOfDay)));
        var key = await ApiClients.CreateKeyAsync(app, "Intel bot", [ApiScopes.StandingsRead]);
        using var client = ApiClients.For(app, key.Key);

        // A pilot the app has never seen needs EVE's names: refused at once, to be tried again when downtime ends.
        using (var response = await client.GetAsync($"/api/v1/standings/{CrowdPilot}", Ct))
        {
            var problem = await ApiTests.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("EVE did not answer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            var wait = response.Headers.RetryAfter?.Delta;
            Assert.True(wait > TimeSpan.FromMinutes(50) && wait <= TimeSpan.FromMinutes(61), $"Retry-After: {response.Headers.RetryAfter}");
        }
        // A corporation the app knows (on a list) needs nothing from EVE: answered as usual.
        using (var response = await client.GetAsync($"/api/v1/standings/{DemoUniverse.CrowdCorporationId}", Ct))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
