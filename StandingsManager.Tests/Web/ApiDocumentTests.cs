using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Api;
using StandingsManager.Core.Api;

namespace StandingsManager.Tests.Web;

/// <summary>
/// The OpenAPI document is valid, lists every operation the app serves under /api/v1, and each operation answers a
/// request built from its documented parameters with a documented status and content type.
/// </summary>
public sealed partial class ApiDocumentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private static async Task<JsonElement> DocumentAsync(StandingsAppFactory app)
    {
        using var anonymous = ApiClients.For(app, null); // public: it describes the API and holds no data
        using var response = await anonymous.GetAsync(ApiDocumentation.DocumentPath, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).Clone();
    }

    [Fact]
    public async Task The_document_is_valid_openapi_3_and_every_reference_resolves()
    {
        await using var app = new StandingsAppFactory();
        var document = await DocumentAsync(app);

        Assert.Matches(@"^3\.\d+\.\d+$", document.GetProperty("openapi").GetString());
        var info = document.GetProperty("info");
        Assert.False(string.IsNullOrWhiteSpace(info.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(info.GetProperty("version").GetString()));
        var paths = document.GetProperty("paths").EnumerateObject().ToList();
        Assert.NotEmpty(paths);
        Assert.All(paths, p => Assert.StartsWith(ApiProblems.PathPrefix + "/", p.Name, StringComparison.Ordinal));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty(ApiDocumentation.BearerScheme);
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));

        var operationIds = new List<string>();
        foreach (var ((method, path), operation) in Operations(document))
        {
            operationIds.Add(operation.GetProperty("operationId").GetString()!);
            // Every {name} in the path is a required path parameter, and every path parameter is in the path.
            var inPath = PathParameter().Matches(path).Select(m => m.Groups[1].Value).Order().ToList();
            var declared = Parameters(operation).Where(p => p.GetProperty("in").GetString() == "path").ToList();
            Assert.Equal(inPath, declared.Select(p => p.GetProperty("name").GetString()!).Order());
            Assert.All(declared, p => Assert.True(p.GetProperty("required").GetBoolean(), $"{method} {path}: a path parameter is required"));
            Assert.All(Parameters(operation), p => Assert.Contains(p.GetProperty("in").GetString(), new[] { "path", "query", "header", "cookie" }));

            var responses = operation.GetProperty("responses").EnumerateObject().ToList();
            Assert.NotEmpty(responses);
            Assert.All(responses, r =>
            {
                Assert.Matches("^[1-5][0-9][0-9]$", r.Name);
                Assert.False(string.IsNullOrWhiteSpace(r.Value.GetProperty("description").GetString()), $"{method} {path} {r.Name} has a description");
            });
            Assert.Contains(responses, r => r.Name.StartsWith('2'));
            // Every refusal is documented as a problem, and each operation names the one scope it needs.
            foreach (var status in new[] { "400", "401", "403", "429" })
                Assert.True(operation.GetProperty("responses").GetProperty(status).GetProperty("content").TryGetProperty(ApiProblems.ContentType, out _), $"{method} {path}: {status} is a problem");
            Assert.True(operation.GetProperty("responses").GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
            var security = Assert.Single(operation.GetProperty("security").EnumerateArray());
            Assert.Contains(Assert.Single(security.GetProperty(ApiDocumentation.BearerScheme).EnumerateArray()).GetString(), ApiScopes.All);
        }
        Assert.Equal(operationIds.Count, operationIds.Distinct(StringComparer.Ordinal).Count());

        var references = References(document).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.True(Resolve(document, r) is not null, $"{r} resolves within the document"));
    }

    [Fact]
    public async Task Every_documented_operation_answers_a_request_built_from_its_parameters_as_documented()
    {
        await using var app = new StandingsAppFactory();
        var document = await DocumentAsync(app);
        var key = await ApiClients.CreateKeyAsync(app, "Every scope", ApiScopes.All);
        using var client = ApiClients.For(app, key.Key);
        var operations = Operations(document).ToList();
        Assert.NotEmpty(operations);

        foreach (var ((method, path), operation) in operations)
        {
            var url = path;
            var query = new List<string>();
            foreach (var parameter in Parameters(operation))
            {
                var name = parameter.GetProperty("name").GetString()!;
                switch (parameter.GetProperty("in").GetString())
                {
                    case "path":
                        url = url.Replace("{" + name + "}", Uri.EscapeDataString(Example(method, path, name)!), StringComparison.Ordinal);
                        break;
                    case "query" when Example(method, path, name) is { } value:
                        query.Add($"{name}={Uri.EscapeDataString(value)}");
                        break;
                    // Left out: a conditional header would turn the answer into a 304, and changedSince takes a cursor
                    // from an earlier answer (ApiTests and ApiChangedSinceTests read both ways).
                }
            }
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
            if (operation.TryGetProperty("requestBody", out var body))
            {
                Assert.True(body.GetProperty("content").TryGetProperty("application/json", out _), $"{method} {path} takes JSON");
                request.Content = JsonContent.Create(new[] { DemoPersonas.Blue, DemoPersonas.BlueAlt, DemoPersonas.BlueCorporation });
            }
            using var response = await client.SendAsync(request, Ct);

            var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            Assert.True(operation.GetProperty("responses").TryGetProperty(status, out var documented), $"{request.RequestUri} answered {status}, which its document does not list");
            // A valid request with every scope, on the demo's data, is answered in full.
            if (response.StatusCode != HttpStatusCode.OK)
                Assert.Fail($"{request.RequestUri} answered {status}: {await response.Content.ReadAsStringAsync(Ct)}");
            var contentType = response.Content.Headers.ContentType?.MediaType;
            Assert.NotNull(contentType);
            Assert.True(documented.GetProperty("content").TryGetProperty(contentType, out var media), $"{request.RequestUri} answered {contentType}");
            // The body is JSON of the documented shape (array or object), as far as the schema names one.
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            if (SchemaTypes(document, media.GetProperty("schema")) is { Count: > 0 } types)
                Assert.Contains(answer.ValueKind == JsonValueKind.Array ? "array" : answer.ValueKind == JsonValueKind.Object ? "object" : "other", types);
        }
    }

    [Fact]
    public async Task Every_operation_the_app_serves_under_api_v1_is_in_the_document()
    {
        await using var app = new StandingsAppFactory();
        var documented = Operations(await DocumentAsync(app)).Select(o => o.Key).ToHashSet();

        var served = Served(app.Services).ToList();

        Assert.NotEmpty(served);
        Assert.All(served, s => Assert.Contains(s, documented));
        Assert.Equal(served.Count, documented.Count);
    }

    [Fact]
    public async Task The_reference_page_loads_nothing_from_another_host()
    {
        await using var app = new StandingsAppFactory();
        using var anonymous = ApiClients.For(app, null);
        using var response = await anonymous.GetAsync(ApiDocumentation.ReferencePath, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);

        var html = await response.Content.ReadAsStringAsync(Ct);
        var page = await new HtmlParser().ParseDocumentAsync(html, Ct);
        var sources = page.QuerySelectorAll("script[src], img[src], iframe[src], source[src], link[href]")
            .Select(e => e.GetAttribute(e.LocalName == "link" ? "href" : "src")!).ToList();
        Assert.NotEmpty(sources); // the reference's own script at least
        Assert.All(sources, s => Assert.True(IsOwnHost(app.BaseAddress, s), $"{s} is on another host"));
        // Nor does its inline configuration name another server (for the document, fonts or a proxy).
        Assert.All(AbsoluteUrl().Matches(html).Select(m => m.Value), u => Assert.True(IsOwnHost(app.BaseAddress, u), $"the page names {u}"));
    }

    private static bool IsOwnHost(Uri app, string source) =>
        Uri.TryCreate(app, source, out var resolved) && resolved.Scheme is "http" or "https" && resolved.Authority == app.Authority;

    /// <summary>Method and path template (constraints dropped) of every route under /api/v1 but the not-found catch-all.</summary>
    private static IEnumerable<(string Method, string Path)> Served(IServiceProvider services) =>
        services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(ApiProblems.PathPrefix + "/", StringComparison.OrdinalIgnoreCase) == true
                && !e.RoutePattern.Parameters.Any(p => p.IsCatchAll))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => (m.ToLowerInvariant(), Constraint().Replace(e.RoutePattern.RawText!, "}"))))
            .Distinct();

    [GeneratedRegex(@":[^}]+\}")]
    private static partial Regex Constraint();

    [GeneratedRegex(@"https?://[^\s""'<>()\\]+", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();

    private static IEnumerable<KeyValuePair<(string Method, string Path), JsonElement>> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()
            .Where(m => Methods.Contains(m.Name))
            .Select(m => KeyValuePair.Create((m.Name, p.Name), m.Value)));

    private static IEnumerable<JsonElement> Parameters(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : Enumerable.Empty<JsonElement>();

    /// <summary>A valid value on the demo's data for each parameter the document names; null leaves it out. A new parameter needs one here.</summary>
    private static string? Example(string method, string path, string name) => name switch
    {
        "id" or "list" => "1", // the demo's request list
        "eveId" => DemoPersonas.BlueAlt.ToString(CultureInfo.InvariantCulture),
        "page" => "1",
        "pageSize" => "10",
        "action" => "EntryAdded",
        "actor" or "subject" => "a",
        "from" => "2000-01-01",
        "to" => "2100-01-01",
        "changedSince" or "If-None-Match" => null,
        _ => throw new InvalidOperationException($"{method} {path} documents a parameter {name}: give it an example value here."),
    };

    /// <summary>The JSON types a schema (or the schema it refers to) allows; empty when it names none.</summary>
    private static List<string> SchemaTypes(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
            schema = Resolve(document, reference.GetString()!) ?? throw new InvalidOperationException($"{reference} does not resolve");
        if (!schema.TryGetProperty("type", out var type))
            return [];
        return type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)] : [type.GetString()!];
    }

    private static IEnumerable<string> References(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => p.Name == "$ref" ? [p.Value.GetString()!] : References(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(References),
        _ => [],
    };

    private static JsonElement? Resolve(JsonElement document, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
            return null;
        var current = document;
        foreach (var part in reference[2..].Split('/').Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
                return null;
        }
        return current;
    }
}
