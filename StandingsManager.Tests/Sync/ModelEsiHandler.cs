using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using StandingsManager.Core.Eve.Esi;

namespace StandingsManager.Tests.Sync;

/// <summary>
/// ESI's contact routes over HTTP in front of a <see cref="ContactModel"/>: labels and contacts with ETag/304, POST,
/// PUT and DELETE with ESI's query shapes. Faults are scripted per write call: a crash (the call lands, then the process
/// dies before it hears back) or an error status (nothing lands).
/// </summary>
public sealed class ModelEsiHandler(ContactModel model) : HttpMessageHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public ContactModel Model { get; } = model;
    public List<(long Id, string Name)> Labels { get; } = [];
    public int Requests { get; private set; }
    public int WriteCalls { get; private set; }
    public List<string> Log { get; } = [];

    /// <summary>After this write call lands, the "process" dies: the cancellation source is cancelled and the call never answers.</summary>
    public (int Call, CancellationTokenSource Kill)? CrashAfter { get; set; }

    /// <summary>Ids a POST leaves out of its 201 (EVE did not create them), as ESI does for a partial add.</summary>
    public HashSet<long> RefuseIds { get; } = [];

    /// <summary>This write call is answered with the status and changes nothing.</summary>
    public (int Call, HttpStatusCode Status)? FailCall { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        var path = request.RequestUri!.AbsolutePath;
        var query = Query(request.RequestUri);
        Log.Add($"{request.Method} {path}");
        if (request.Method == HttpMethod.Get)
        {
            var etag = request.Headers.TryGetValues("If-None-Match", out var values) ? values.First() : null;
            if (path.EndsWith("/labels", StringComparison.Ordinal))
            {
                var labelsTag = $"\"L{string.Join('-', Labels.Select(l => l.Id))}\"";
                return etag == labelsTag ? NotModified() : Ok(JsonSerializer.Serialize(Labels.Select(l => new { label_id = l.Id, label_name = l.Name }), Json), labelsTag);
            }
            var contactsTag = $"\"C{Model.Version}\"";
            if (etag == contactsTag)
                return NotModified();
            var body = Model.Read().Select(c => new { contact_id = c.ContactId, contact_type = c.ContactType, standing = c.Standing, label_ids = c.LabelIds, is_watched = c.IsWatched });
            return Ok(JsonSerializer.Serialize(body, Json), contactsTag);
        }

        WriteCalls++;
        if (FailCall is { } fail && fail.Call == WriteCalls)
            return new HttpResponseMessage(fail.Status) { Content = new StringContent("""{"error":"scripted"}""", Encoding.UTF8, "application/json") };
        HttpResponseMessage response;
        if (request.Method == HttpMethod.Delete)
        {
            Model.Delete([.. query["contact_ids"].Select(long.Parse)]);
            response = new HttpResponseMessage(HttpStatusCode.NoContent);
        }
        else
        {
            var ids = JsonSerializer.Deserialize<long[]>(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            var standing = double.Parse(query["standing"].Single(), CultureInfo.InvariantCulture);
            long[] labels = [.. query.GetValueOrDefault("label_ids", []).Select(long.Parse)];
            var watched = query["watched"].Single() == "true";
            if (request.Method == HttpMethod.Post)
            {
                var created = Model.Add([.. ids.Where(id => !RefuseIds.Contains(id))], standing, labels, watched);
                response = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(JsonSerializer.Serialize(created), Encoding.UTF8, "application/json") };
            }
            else
            {
                Model.Edit(ids, standing, labels, watched);
                response = new HttpResponseMessage(HttpStatusCode.NoContent);
            }
        }
        if (CrashAfter is { } crash && crash.Call == WriteCalls)
        {
            await crash.Kill.CancelAsync();
            throw new OperationCanceledException(crash.Kill.Token);
        }
        return response;
    }

    private static HttpResponseMessage Ok(string json, string etag)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        response.Headers.TryAddWithoutValidation("ETag", etag);
        response.Headers.TryAddWithoutValidation("X-Pages", "1");
        return response;
    }

    private static HttpResponseMessage NotModified() => new(HttpStatusCode.NotModified);

    private static Dictionary<string, List<string>> Query(Uri uri)
    {
        var result = new Dictionary<string, List<string>>();
        foreach (var part in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            var key = Uri.UnescapeDataString(pair[0]);
            if (!result.TryGetValue(key, out var list))
                result[key] = list = [];
            list.Add(Uri.UnescapeDataString(pair.Length > 1 ? pair[1] : ""));
        }
        return result;
    }

    /// <summary>The app's client in front of this handler, no retries: each planned call is one request.</summary>
    public EsiClient Client(TimeProvider time, EsiGate gate) =>
        new(new HttpClient(this, disposeHandler: false) { BaseAddress = new Uri("https://esi.test") }, gate, time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<EsiClient>.Instance);
}
