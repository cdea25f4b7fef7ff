using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;

namespace StandingsManager.Tests.Esi;

/// <summary>Stands in for EVE at the HTTP edge: records what the client sends and answers with a canned response.</summary>
public sealed class ScriptedEsiHandler(Func<Sent, int, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    public ScriptedEsiHandler(Func<Sent, int, HttpResponseMessage> respond) : this((sent, index, _) => Task.FromResult(respond(sent, index)))
    {
    }

    private readonly Lock _lock = new();
    private readonly List<Sent> _sent = [];

    public IReadOnlyList<Sent> Sent { get { lock (_lock) return [.. _sent]; } }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var sent = new Sent(request.Method, request.RequestUri!,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(Separator(h.Key), h.Value), StringComparer.OrdinalIgnoreCase), body);
        int index;
        lock (_lock)
        {
            index = _sent.Count;
            _sent.Add(sent);
        }
        var response = await respond(sent, index, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    // On the wire, User-Agent products are space-separated; other multi-value headers use commas.
    private static string Separator(string header) => header.Equals("User-Agent", StringComparison.OrdinalIgnoreCase) ? " " : ",";

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
            response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    public static HttpResponseMessage Status(HttpStatusCode status, params (string Name, string Value)[] headers) =>
        Json($$"""{"error":"scripted {{(int)status}}"}""", status, headers);
}

public sealed record Sent(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    public string Query => Uri.GetComponents(UriComponents.Query, UriFormat.Unescaped);
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>The client as the App would get it from DI, with EVE replaced by a scripted handler and time faked.</summary>
public sealed class EsiTestHost : IDisposable
{
    public static readonly DateTimeOffset Noon = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);
    public const string Token = "eyJ.secret-access-token.sig";

    private readonly ServiceProvider _services;

    public EsiTestHost(Func<Sent, int, HttpResponseMessage> respond, DateTimeOffset? start = null,
        string contact = "ops@example.com", Action<IServiceCollection>? configure = null)
        : this(new ScriptedEsiHandler(respond), start, contact, configure)
    {
    }

    /// <summary>For answers that take (fake) time or never come: the script gets the request's cancellation.</summary>
    public EsiTestHost(Func<Sent, int, CancellationToken, Task<HttpResponseMessage>> respond)
        : this(new ScriptedEsiHandler(respond), null, "ops@example.com", null)
    {
    }

    private EsiTestHost(ScriptedEsiHandler handler, DateTimeOffset? start, string contact, Action<IServiceCollection>? configure)
    {
        Time = new FakeTimeProvider(start ?? Noon);
        Handler = handler;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.Configure<EveOptions>(o =>
        {
            o.EsiBaseUrl = "https://esi.test";
            o.UserAgentContact = contact;
        });
        // No real backoff in tests; the retry count is what matters here.
        services.Configure<EsiClientOptions>(o => o.RetryBaseDelay = TimeSpan.Zero);
        services.AddEsiClient();
        services.AddHttpClient<EsiClient>().ConfigurePrimaryHttpMessageHandler(() => Handler);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; }
    public ScriptedEsiHandler Handler { get; }
    public EsiClient Client => _services.GetRequiredService<EsiClient>();
    public EsiGate Gate => _services.GetRequiredService<EsiGate>();

    public void Dispose() => _services.Dispose();
}
