using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Demo;
using StandingsManager.App.Operations;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Operations;

public sealed partial class HealthAndMetricsEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthz_answers_anyone_with_the_instance_the_database_the_loops_and_the_gate_and_names_nobody()
    {
        await using var app = new StandingsAppFactory();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/healthz", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.True(root.GetProperty("healthy").GetBoolean());
        Assert.True(root.GetProperty("databaseReachable").GetBoolean());
        // Which process answered (the test host runs in this one) and on which engine: behind a load balancer, which instance is ill.
        var instance = $"{Environment.MachineName}/{Environment.ProcessId}";
        Assert.Equal(instance, root.GetProperty("instance").GetString());
        Assert.Equal(TestDatabases.Provider.ToString(), root.GetProperty("database").GetString());
        var services = root.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("service").GetString()!, s => s.GetProperty("alive").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["DiscordRelayLoop"] = true, ["SyncScheduler"] = true, ["ValidatorLoop"] = true, ["WebhookRelayLoop"] = true }, services);
        Assert.Contains(root.GetProperty("esi").GetProperty("status").GetString(), Enum.GetNames<StandingsManager.Core.Eve.Esi.EsiGateStatus>());

        foreach (var name in DemoUniverse.Personas.Select(p => p.Name).Concat(DemoUniverse.Pilots.Select(p => p.Name)))
            Assert.DoesNotContain(name, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(app.DataDirectory, body, StringComparison.Ordinal);
        Assert.DoesNotMatch(LongNumber(), body.Replace(instance, "", StringComparison.Ordinal)); // EVE ids are eight digits and more; a host name may hold digits
    }

    [Fact]
    public async Task Healthz_answers_503_when_the_database_does_not()
    {
        await using var app = new StandingsAppFactory();
        using var client = app.CreateClient();
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE \"Installation\"", Ct));

        using var response = await client.GetAsync("/healthz", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.False(json.RootElement.GetProperty("healthy").GetBoolean());
        Assert.False(json.RootElement.GetProperty("databaseReachable").GetBoolean());
        Assert.Equal(TestDatabases.Provider.ToString(), json.RootElement.GetProperty("database").GetString()); // named without asking the database
        Assert.DoesNotContain("Installation", body, StringComparison.Ordinal); // no SQL, no table names
    }

    [Fact]
    public async Task Metrics_are_off_unless_configured()
    {
        await using var app = new StandingsAppFactory();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_serve_prometheus_text_with_the_apps_instruments()
    {
        await using var app = new StandingsAppFactory(new() { ["Metrics:Enabled"] = "true" });
        using var client = app.CreateClient();
        // One real ESI call through the app's client and gate, to the simulator.
        using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StandingsManager.Core.Eve.Esi.EsiClient>().GetCorporationAsync(DemoUniverse.Personas[0].CorporationId, Ct);

        using var response = await client.GetAsync("/metrics", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("standings_queue_size{", text, StringComparison.Ordinal);
        Assert.Contains("queue=\"requests\"", text, StringComparison.Ordinal);
        Assert.Contains("standings_sync_characters{", text, StringComparison.Ordinal);
        Assert.Matches(@"standings_esi_calls_total\{[^}]*group=""[^""]+""[^}]*status=""200""[^}]*\} 1", text);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_metrics_port_metrics_answer_on_that_port_only()
    {
        var port = FreePort.Next();
        await using var onItsPort = new StandingsAppFactory(new() { ["Metrics:Enabled"] = "true", ["Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }, port: port);
        using (var client = onItsPort.CreateClient())
        using (var response = await client.GetAsync("/metrics", Ct))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Another port, whatever the Host header claims.
        await using var elsewhere = new StandingsAppFactory(new() { ["Metrics:Enabled"] = "true", ["Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var other = elsewhere.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Host = $"localhost:{port}";
        using var refused = await other.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public void A_metrics_port_is_added_to_the_addresses_the_app_already_listens_on()
    {
        Assert.Equal(["http://localhost:5000"], ListeningUrls(new() { }));
        Assert.Equal(["http://0.0.0.0:8080", "https://0.0.0.0:8443"], ListeningUrls(new() { ["urls"] = "http://0.0.0.0:8080; https://0.0.0.0:8443" }));
        Assert.Equal(["http://+:8080"], ListeningUrls(new() { ["http_ports"] = "8080" }));

        static string[] ListeningUrls(Dictionary<string, string?> settings)
        {
            var configuration = new ConfigurationManager();
            configuration.AddInMemoryCollection(settings);
            return OperationsEndpoints.ListeningUrls(configuration);
        }
    }

    [GeneratedRegex(@"\d{8,}")]
    private static partial Regex LongNumber();
}
