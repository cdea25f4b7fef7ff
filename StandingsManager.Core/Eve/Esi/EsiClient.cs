using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace StandingsManager.Core.Eve.Esi;

/// <summary>
/// Typed client for the ESI routes contact sync needs. Every call waits at the <see cref="EsiGate"/> first and
/// reports its response to it; transient 502/503/504 retries happen in the resilience handler underneath.
/// Paths are unversioned; the API shape is pinned by the <c>X-Compatibility-Date</c> default header.
/// </summary>
public sealed partial class EsiClient(HttpClient http, EsiGate gate, TimeProvider time, ILogger<EsiClient> logger)
{
    // Per-call limits from the 2026-08-18 spec (docs/esi-notes.md §2).
    public const int MaxContactsPerWrite = 100;
    public const int MaxContactsPerDelete = 20;
    public const int MaxIdsPerBulkLookup = 1000;
    public const int MaxNamesPerResolve = 500;
    public const int MaxLabelsPerContact = 63;
    public const double MinStanding = -10;
    public const double MaxStanding = 10;
    /// <summary>A character holds at most 1024 contacts (an alliance a few thousand), so more pages than this is a broken header, not data to loop over.</summary>
    public const int MaxPages = 100;

    private const string CharSocial = "char-social";
    private const string CorpSocial = "corp-social";
    private const string AllianceSocial = "alliance-social";
    private const string Ungrouped = "none";

    /// <summary>The gate's bucket for public calls without a rate-limit group (affiliations, names, characters).</summary>
    public static readonly EsiBucketKey PublicBucket = new(Ungrouped, 0);

    private static readonly Route ContactsGet = new(HttpMethod.Get, "/characters/{character_id}/contacts", CharSocial);
    private static readonly Route ContactsPost = new(HttpMethod.Post, "/characters/{character_id}/contacts", CharSocial);
    private static readonly Route ContactsPut = new(HttpMethod.Put, "/characters/{character_id}/contacts", CharSocial);
    private static readonly Route ContactsDelete = new(HttpMethod.Delete, "/characters/{character_id}/contacts", CharSocial);
    private static readonly Route AllianceContactsGet = new(HttpMethod.Get, "/alliances/{alliance_id}/contacts", AllianceSocial);
    private static readonly Route CorporationContactsGet = new(HttpMethod.Get, "/corporations/{corporation_id}/contacts", CorpSocial);
    private static readonly Route LabelsGet = new(HttpMethod.Get, "/characters/{character_id}/contacts/labels", CharSocial);
    private static readonly Route Affiliation = new(HttpMethod.Post, "/characters/affiliation", Ungrouped);
    private static readonly Route UniverseNames = new(HttpMethod.Post, "/universe/names", Ungrouped);
    private static readonly Route UniverseIds = new(HttpMethod.Post, "/universe/ids", Ungrouped);
    private static readonly Route CharacterGet = new(HttpMethod.Get, "/characters/{character_id}", Ungrouped);
    private static readonly Route CorporationGet = new(HttpMethod.Get, "/corporations/{corporation_id}", Ungrouped);
    private static readonly Route AllianceGet = new(HttpMethod.Get, "/alliances/{alliance_id}", Ungrouped);
    private static readonly Route StatusGet = new(HttpMethod.Get, "/status", "status");

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Missing required fields must fail loudly rather than turn into 0 or null contacts.
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    // ---- Contacts -------------------------------------------------------------------------------------------

    /// <summary>
    /// All of a character's contacts across every page. With <paramref name="etag"/> from the last read, a
    /// 304 comes back as <c>NotModified</c> (it also costs half the rate-limit tokens).
    /// </summary>
    public Task<EsiConditionalResult<EsiContact>> GetContactsAsync(long characterId, string accessToken, string? etag, CancellationToken ct) =>
        GetAllPagesAsync(ContactsGet, characterId, accessToken, Inv($"/characters/{characterId}/contacts"), Inv($"character {characterId}"), etag, ct);

    /// <summary>
    /// An alliance's contacts, every page, read with the token of <paramref name="characterId"/>, a member who granted
    /// esi-alliances.read_contacts.v1. ESI counts the calls against that character's alliance-social bucket.
    /// </summary>
    public Task<EsiConditionalResult<EsiContact>> GetAllianceContactsAsync(long allianceId, long characterId, string accessToken, string? etag, CancellationToken ct) =>
        GetAllPagesAsync(AllianceContactsGet, characterId, accessToken, Inv($"/alliances/{allianceId}/contacts"), Inv($"alliance {allianceId}"), etag, ct);

    /// <summary>A corporation's contacts, every page, read with a member's esi-corporations.read_contacts.v1 token (corp-social bucket).</summary>
    public Task<EsiConditionalResult<EsiContact>> GetCorporationContactsAsync(long corporationId, long characterId, string accessToken, string? etag, CancellationToken ct) =>
        GetAllPagesAsync(CorporationContactsGet, characterId, accessToken, Inv($"/corporations/{corporationId}/contacts"), Inv($"corporation {corporationId}"), etag, ct);

    /// <summary>Every page of a paged contact list; <paramref name="characterId"/> is the token's character, <paramref name="owner"/> whose list it is.</summary>
    private async Task<EsiConditionalResult<EsiContact>> GetAllPagesAsync(Route route, long characterId, string accessToken, string path, string owner, string? etag, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        var calls = new CallCount();
        // Pages can roll over to a new cache generation mid-read; Last-Modified then differs. Start again once.
        for (var attempt = 1; ; attempt++)
        {
            var first = await GetPageAsync<EsiContact>(route, characterId, accessToken, path, 1, etag, calls, ct);
            if (first.NotModified)
                return new(true, [], etag, calls.Value, first.Expires);
            var all = new List<EsiContact>(first.Items);
            var consistent = true;
            for (var page = 2; page <= first.Pages; page++)
            {
                var next = await GetPageAsync<EsiContact>(route, characterId, accessToken, path, page, null, calls, ct);
                if (next.LastModified != first.LastModified)
                {
                    consistent = false;
                    break;
                }
                all.AddRange(next.Items);
            }
            // Only page 1 can be asked "changed?", so a multi-page read hands out no ETag: a change on
            // a later page must never be mistaken for "not modified".
            if (consistent)
                return new(false, all, first.Pages == 1 ? first.ETag : null, calls.Value, first.Expires);
            if (attempt == 2)
                throw new EsiException(route.Name, null, null, isRetryable: true,
                    $"ESI {route.Name} for {owner} changed while its pages were being read, twice in a row. Try again later.");
            if (logger.IsEnabled(LogLevel.Information))
                logger.LogInformation("ESI contacts of {Owner} changed between pages; reading again", owner);
        }
    }

    /// <summary>The character's contact labels (ids are opaque; labels cannot be created through ESI).</summary>
    public async Task<EsiConditionalResult<EsiContactLabel>> GetContactLabelsAsync(long characterId, string accessToken, string? etag, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        var calls = new CallCount();
        var page = await GetPageAsync<EsiContactLabel>(LabelsGet, characterId, accessToken, Inv($"/characters/{characterId}/contacts/labels"), null, etag, calls, ct);
        return page.NotModified ? new(true, [], etag, calls.Value) : new(false, page.Items, page.ETag, calls.Value);
    }

    /// <summary>
    /// Adds contacts, all with the same standing, labels and watch flag, in calls of up to 100. Returns the ids ESI
    /// reports as created: POST can partly succeed, so the caller diffs this against what it asked for.
    /// </summary>
    public async Task<EsiResult<IReadOnlyList<long>>> AddContactsAsync(long characterId, string accessToken, IReadOnlyCollection<long> ids,
        double standing, IReadOnlyCollection<long> labelIds, bool watched, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        ArgumentNullException.ThrowIfNull(ids);
        ValidateWrite(standing, labelIds);
        var calls = new CallCount();
        var query = WriteQuery(standing, labelIds, watched);
        var created = await WriteInChunksAsync(ids, MaxContactsPerWrite, async chunk =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Inv($"/characters/{characterId}/contacts?{query}")) { Content = JsonBody(chunk) };
            using var response = await SendAsync(ContactsPost, characterId, accessToken, request, calls, ct);
            await EnsureSuccessAsync(ContactsPost, characterId, accessToken, response, ct);
            return await ReadJsonAsync<long[]>(ContactsPost, characterId, accessToken, response, ct);
        });
        return new(created, calls.Value);
    }

    /// <summary>Changes existing contacts to the same standing, labels and watch flag, in calls of up to 100.</summary>
    public async Task<EsiWriteResult> EditContactsAsync(long characterId, string accessToken, IReadOnlyCollection<long> ids,
        double standing, IReadOnlyCollection<long> labelIds, bool watched, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        ArgumentNullException.ThrowIfNull(ids);
        ValidateWrite(standing, labelIds);
        var calls = new CallCount();
        var query = WriteQuery(standing, labelIds, watched);
        await WriteInChunksAsync(ids, MaxContactsPerWrite, async chunk =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, Inv($"/characters/{characterId}/contacts?{query}")) { Content = JsonBody(chunk) };
            using var response = await SendAsync(ContactsPut, characterId, accessToken, request, calls, ct);
            await EnsureSuccessAsync(ContactsPut, characterId, accessToken, response, ct);
            return chunk;
        });
        return new(calls.Value);
    }

    /// <summary>Removes contacts, 20 per call: EVE's server fails larger batches with a 500.</summary>
    public async Task<EsiWriteResult> DeleteContactsAsync(long characterId, string accessToken, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        ArgumentNullException.ThrowIfNull(ids);
        var calls = new CallCount();
        await WriteInChunksAsync(ids, MaxContactsPerDelete, async chunk =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, Inv($"/characters/{characterId}/contacts?{QueryList("contact_ids", chunk)}"));
            using var response = await SendAsync(ContactsDelete, characterId, accessToken, request, calls, ct);
            await EnsureSuccessAsync(ContactsDelete, characterId, accessToken, response, ct);
            return chunk;
        });
        return new(calls.Value);
    }

    /// <summary>
    /// Sends a write in calls of at most <paramref name="size"/> distinct ids and returns what landed. When a later
    /// call fails, its exception carries the ids the earlier calls already wrote, so the caller's ledger stays true.
    /// </summary>
    private static async Task<List<long>> WriteInChunksAsync(IEnumerable<long> ids, int size, Func<long[], Task<IReadOnlyCollection<long>>> write)
    {
        var landed = new List<long>();
        foreach (var chunk in ids.Distinct().Chunk(size))
        {
            try
            {
                landed.AddRange(await write(chunk));
            }
            catch (EsiException ex) when (landed.Count > 0)
            {
                throw ex.WithLanded(landed);
            }
        }
        return landed;
    }

    // ---- Public helpers ------------------------------------------------------------------------------------

    /// <summary>Corporation and alliance of each character, 1000 ids per call. ESI returns nothing if any id is unknown.</summary>
    public async Task<EsiResult<IReadOnlyList<EsiAffiliation>>> GetAffiliationsAsync(IReadOnlyCollection<long> characterIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(characterIds);
        return await PostChunksAsync<long, EsiAffiliation>(Affiliation, characterIds.Distinct(), MaxIdsPerBulkLookup, ct);
    }

    /// <summary>Names and categories for ids, 1000 per call. ESI returns nothing if any id is unknown.</summary>
    public async Task<EsiResult<IReadOnlyList<EsiName>>> GetNamesAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return await PostChunksAsync<long, EsiName>(UniverseNames, ids.Distinct(), MaxIdsPerBulkLookup, ct);
    }

    /// <summary>Exact-name lookup, 500 names per call.</summary>
    public async Task<EsiResult<EsiResolvedIds>> ResolveIdsAsync(IReadOnlyCollection<string> names, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(names);
        var calls = new CallCount();
        List<EsiIdName> characters = [], corporations = [], alliances = [], factions = [];
        foreach (var chunk in names.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).Chunk(MaxNamesPerResolve))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, UniverseIds.Template) { Content = JsonBody(chunk) };
            using var response = await SendAsync(UniverseIds, null, null, request, calls, ct);
            await EnsureSuccessAsync(UniverseIds, null, null, response, ct);
            var wire = await ReadJsonAsync<EsiUniverseIdsWire>(UniverseIds, null, null, response, ct);
            characters.AddRange(NoNullItems(UniverseIds, response, wire.Characters ?? []));
            corporations.AddRange(NoNullItems(UniverseIds, response, wire.Corporations ?? []));
            alliances.AddRange(NoNullItems(UniverseIds, response, wire.Alliances ?? []));
            factions.AddRange(NoNullItems(UniverseIds, response, wire.Factions ?? []));
        }
        return new(new EsiResolvedIds(characters, corporations, alliances, factions), calls.Value);
    }

    public Task<EsiResult<EsiCharacter>> GetCharacterAsync(long characterId, CancellationToken ct) =>
        GetPublicAsync<EsiCharacter>(CharacterGet, Inv($"/characters/{characterId}"), ct);

    public Task<EsiResult<EsiCorporation>> GetCorporationAsync(long corporationId, CancellationToken ct) =>
        GetPublicAsync<EsiCorporation>(CorporationGet, Inv($"/corporations/{corporationId}"), ct);

    public Task<EsiResult<EsiAlliance>> GetAllianceAsync(long allianceId, CancellationToken ct) =>
        GetPublicAsync<EsiAlliance>(AllianceGet, Inv($"/alliances/{allianceId}"), ct);

    /// <summary>Tranquility status. Call it to gate a batch, not before every request (CCP rate-limits it for that reason).</summary>
    public Task<EsiResult<EsiServerStatus>> GetStatusAsync(CancellationToken ct) =>
        GetPublicAsync<EsiServerStatus>(StatusGet, StatusGet.Template, ct);

    // ---- Plumbing ------------------------------------------------------------------------------------------

    private async Task<EsiResult<T>> GetPublicAsync<T>(Route route, string path, CancellationToken ct)
    {
        var calls = new CallCount();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(route, null, null, request, calls, ct);
        await EnsureSuccessAsync(route, null, null, response, ct);
        return new(await ReadJsonAsync<T>(route, null, null, response, ct), calls.Value);
    }

    private async Task<EsiResult<IReadOnlyList<TOut>>> PostChunksAsync<TIn, TOut>(Route route, IEnumerable<TIn> items, int size, CancellationToken ct)
    {
        var calls = new CallCount();
        var results = new List<TOut>();
        foreach (var chunk in items.Chunk(size))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, route.Template) { Content = JsonBody(chunk) };
            using var response = await SendAsync(route, null, null, request, calls, ct);
            await EnsureSuccessAsync(route, null, null, response, ct);
            results.AddRange(await ReadJsonAsync<TOut[]>(route, null, null, response, ct));
        }
        return new(results, calls.Value);
    }

    private async Task<Page<T>> GetPageAsync<T>(Route route, long characterId, string accessToken, string path, int? page, string? etag,
        CallCount calls, CancellationToken ct)
    {
        var uri = page is > 1 ? Inv($"{path}?page={page}") : path;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (!string.IsNullOrEmpty(etag))
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var response = await SendAsync(route, characterId, accessToken, request, calls, ct);
        if (response.StatusCode == HttpStatusCode.NotModified && !string.IsNullOrEmpty(etag))
            return new(true, [], etag, 1, null, response.Content.Headers.Expires);
        await EnsureSuccessAsync(route, characterId, accessToken, response, ct);
        var items = await ReadJsonAsync<T[]>(route, characterId, accessToken, response, ct);
        var pages = 1;
        if (Header(response, "X-Pages") is { } raw && (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out pages) || pages < 1))
            throw Malformed(route, characterId, response.StatusCode, $"an invalid X-Pages header '{FreeText.Truncate(raw, 20)}'", null);
        if (pages > MaxPages)
            throw Malformed(route, characterId, response.StatusCode, Inv($"an X-Pages header of {pages}, over the {MaxPages} pages a list can have"), null);
        return new(false, items, Header(response, "ETag"), pages, response.Content.Headers.LastModified, response.Content.Headers.Expires);
    }

    /// <summary>The single place requests leave: gate, bearer token, count, send, report back to the gate.</summary>
    private async Task<HttpResponseMessage> SendAsync(Route route, long? characterId, string? accessToken, HttpRequestMessage request,
        CallCount calls, CancellationToken ct)
    {
        var bucket = new EsiBucketKey(route.Group, accessToken is null ? 0 : characterId ?? 0);
        await gate.WaitAsync(bucket, ct);
        if (accessToken is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        calls.Value++;
        var started = time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // Transport messages carry the URI at most, never headers, but redact anyway in case a handler adds more.
            throw new EsiException(route.Name, null, null, isRetryable: true,
                Redact($"ESI {route.Name}{For(characterId)} could not be reached: {ex.Message} Retryable: yes.", accessToken), ex);
        }
        gate.Observe(bucket, response);
        if (logger.IsEnabled(LogLevel.Debug))
            logger.LogDebug("ESI {Route}{For} answered {Status} in {Elapsed} ms", route.Name, For(characterId), (int)response.StatusCode,
                (long)time.GetElapsedTime(started).TotalMilliseconds);
        if (Header(response, "Warning") is { } warning && logger.IsEnabled(LogLevel.Warning))
            logger.LogWarning("ESI {Route} sent a Warning header: {Warning}", route.Name, FreeText.ForLog(warning));
        return response;
    }

    private static async Task EnsureSuccessAsync(Route route, long? characterId, string? accessToken, HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return;
        var status = response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(ct);
        string? error = null;
        try
        {
            error = JsonSerializer.Deserialize<EsiErrorWire>(body, Json)?.Error;
        }
        catch (JsonException)
        {
            // Not ESI's error shape (a proxy page, say); fall back to a snippet of the text.
        }
        error ??= string.IsNullOrWhiteSpace(body) ? null : FreeText.Truncate(body.Trim(), 200);
        // EVE's text ends up in the exception message, which is logged: it must not break the log line.
        error = error is null ? null : Redact(FreeText.ForLog(error), accessToken);
        var retryable = EsiException.IsRetryableStatus(status);
        throw new EsiException(route.Name, status, error, retryable,
            $"ESI {route.Name}{For(characterId)} returned {(int)status} {status}{(error is null ? "" : $": {error}")}. Retryable: {(retryable ? "yes" : "no")}.");
    }

    private static async Task<T> ReadJsonAsync<T>(Route route, long? characterId, string? accessToken, HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var value = await JsonSerializer.DeserializeAsync<T>(stream, Json, ct)
                ?? throw Malformed(route, characterId, response.StatusCode, "null instead of a JSON body", null);
            // Nullable annotations do not reach array items: a [null] would otherwise surface far away as a NullReferenceException.
            if (value is object?[] items && Array.IndexOf(items, null) is var at and >= 0)
                throw Malformed(route, characterId, response.StatusCode, Inv($"null as item {at} of its array"), null);
            return value;
        }
        catch (JsonException ex)
        {
            // JsonException messages name the JSON path and position, not the payload, so they are safe to pass on.
            throw Malformed(route, characterId, response.StatusCode, $"a body that is not the expected JSON ({Redact(ex.Message, accessToken)})", ex);
        }
    }

    private static IReadOnlyList<T> NoNullItems<T>(Route route, HttpResponseMessage response, IReadOnlyList<T> items) where T : class
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
                throw Malformed(route, null, response.StatusCode, Inv($"null as item {i} of an array"), null);
        }
        return items;
    }

    private static EsiException Malformed(Route route, long? characterId, HttpStatusCode status, string what, Exception? inner) =>
        // Retrying will not fix a shape we cannot read; it usually means a compatibility-date mismatch.
        new(route.Name, status, null, isRetryable: false,
            $"ESI {route.Name}{For(characterId)} returned {(int)status} with {what}. Retryable: no.", inner);

    private static void ValidateWrite(double standing, IReadOnlyCollection<long> labelIds)
    {
        ArgumentNullException.ThrowIfNull(labelIds);
        if (!double.IsFinite(standing) || standing < MinStanding || standing > MaxStanding)
            throw new ArgumentOutOfRangeException(nameof(standing), standing, $"A contact standing must be between {MinStanding} and +{MaxStanding}.");
        if (labelIds.Count > MaxLabelsPerContact)
            throw new ArgumentOutOfRangeException(nameof(labelIds), labelIds.Count, $"ESI accepts at most {MaxLabelsPerContact} labels per contact.");
    }

    private static string WriteQuery(double standing, IReadOnlyCollection<long> labelIds, bool watched)
    {
        var query = new StringBuilder(Inv($"standing={standing.ToString("R", CultureInfo.InvariantCulture)}"));
        if (labelIds.Count > 0)
            query.Append('&').Append(QueryList("label_ids", labelIds.Distinct()));
        query.Append(watched ? "&watched=true" : "&watched=false");
        return query.ToString();
    }

    // The current spec says style form, explode true: repeated keys (docs/esi-notes.md §3). The legacy spec's CSV lives on
    // in older clients; this is the one place to switch if Tranquility ever disagrees.
    private static string QueryList(string name, IEnumerable<long> ids) =>
        string.Join('&', ids.Select(id => Inv($"{name}={id}")));

    private static StringContent JsonBody<T>(T[] items) =>
        new(JsonSerializer.Serialize(items, Json), Encoding.UTF8, "application/json");

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string For(long? characterId) => characterId is { } id ? Inv($" for character {id}") : "";

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    private static string? Redact(string? text, string? secret) =>
        text is null || string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "[redacted]", StringComparison.Ordinal);

    private sealed record Route(HttpMethod Method, string Template, string Group)
    {
        public string Name { get; } = $"{Method.Method} {Template}";
    }

    private sealed record Page<T>(bool NotModified, IReadOnlyList<T> Items, string? ETag, int Pages, DateTimeOffset? LastModified, DateTimeOffset? Expires);

    private sealed class CallCount
    {
        public int Value;
    }
}
