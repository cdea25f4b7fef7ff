using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Simulator;

/// <summary>
/// The real app in demo mode on a real port, optionally on a <see cref="FakeTimeProvider"/>, with
/// helpers to mint tokens and call the simulated ESI over plain HTTP.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    public static readonly string[] AllContactScopes = [DemoEsiEndpoints.ReadContactsScope, DemoEsiEndpoints.WriteContactsScope];

    private readonly StandingsAppFactory _app;

    /// <param name="time">The app's clock; the system clock when null.</param>
    /// <param name="services">Test-only service changes, applied after the app's own registrations.</param>
    /// <param name="settings">Configuration on top of the operator's file.</param>
    public SimulatorHost(FakeTimeProvider? time = null, Action<IServiceCollection>? services = null, Dictionary<string, string?>? settings = null)
    {
        Time = time;
        _app = new StandingsAppFactory(settings, services: s =>
        {
            if (time is not null)
                s.AddSingleton<TimeProvider>(time);
            services?.Invoke(s);
        });
        BaseAddress = _app.BaseAddress;
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public FakeTimeProvider? Time { get; }
    public Uri BaseAddress { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;
    public StandingsAppFactory App => _app;
    public DemoEsiStore Store => Services.GetRequiredService<DemoEsiStore>();
    public DemoEsiFaults Faults => Services.GetRequiredService<DemoEsiFaults>();
    public DemoSsoServer Sso => Services.GetRequiredService<DemoSsoServer>();

    public static FakeTimeProvider NewFakeTime() => new(new DateTimeOffset(2026, 9, 1, 12, 0, 30, TimeSpan.Zero));

    public string Token(long characterId, params string[] scopes) =>
        Sso.CreateAccessToken(new DemoSsoServer.Grant(characterId, DemoEsiUniverse.Find(characterId)?.Name ?? "Someone", DemoUniverse.OwnerHash(characterId), scopes, DemoEve.ClientId, null, default));

    public static HttpRequestMessage Request(HttpMethod method, string path, string? token = null, object? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Compatibility-Date", "2026-08-18");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
            request.Content = JsonContent.Create(json);
        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = null, object? json = null)
    {
        using var request = Request(method, path, token, json);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>GET contacts with every contact scope, as the character itself.</summary>
    public Task<HttpResponseMessage> GetContactsAsync(long characterId, string query = "") =>
        SendAsync(HttpMethod.Get, $"/characters/{characterId}/contacts{query}", Token(characterId, AllContactScopes));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : throw new Xunit.Sdk.XunitException($"Header {name} missing; status {(int)response.StatusCode}");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
