using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StandingsManager.App.Deployment;
using StandingsManager.Core.Eve.Esi;

namespace StandingsManager.App.Demo.Esi;

/// <summary>
/// The simulated ESI, served by the app itself at ESI's unversioned paths in demo mode. Shapes follow
/// the 2026-08-18 spec (characters at their 2026-06-09 shape, corporations at 2026-07-21).
/// </summary>
public static class DemoEsiEndpoints
{
    public const string ReadContactsScope = "esi-characters.read_contacts.v1";
    public const string WriteContactsScope = "esi-characters.write_contacts.v1";

    public const string AllianceContactsScope = "esi-alliances.read_contacts.v1";
    public const string CorporationContactsScope = "esi-corporations.read_contacts.v1";

    public const string ContactsRoute = "/characters/{character_id}/contacts";
    public const string AllianceContactsRoute = "/alliances/{alliance_id}/contacts";
    public const string CorporationContactsRoute = "/corporations/{corporation_id}/contacts";
    public const string LabelsRoute = "/characters/{character_id}/contacts/labels";
    public const string AffiliationRoute = "/characters/affiliation";
    public const string NamesRoute = "/universe/names";
    public const string IdsRoute = "/universe/ids";
    public const string CharacterRoute = "/characters/{character_id}";
    public const string CorporationRoute = "/corporations/{corporation_id}";
    public const string AllianceRoute = "/alliances/{alliance_id}";
    public const string StatusRoute = "/status";
    public const string WarsRoute = "/wars";
    public const string WarRoute = "/wars/{war_id}";

    /// <summary>The legacy spec's maxItems for a character's contacts page.</summary>
    public const int ContactsPageSize = 1024;

    /// <summary>The legacy spec's page sizes of the alliance and corporation contact lists.</summary>
    public const int AllianceContactsPageSize = 1000;
    public const int CorporationContactsPageSize = 200;

    private static readonly TimeSpan FiveMinutes = TimeSpan.FromSeconds(300);

    public static IServiceCollection AddDemoEsi(this IServiceCollection services)
    {
        services.AddSingleton<DemoEsiStore>();
        services.AddSingleton<DemoPersonaLabels>();
        services.AddSingleton<DemoEsiFaults>();
        services.AddSingleton<DemoEsiErrorLimiter>();
        services.AddSingleton<DemoEsiBucketLimiter>();
        services.AddSingleton<DemoEsiAuth>();
        services.AddSingleton<DemoEsiPipeline>();
        services.AddOptions<DemoEsiOptions>().BindConfiguration(DemoEsiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DemoEsiOptions>, DemoEsiOptionsValidator>();
        services.AddSingleton<DemoEsiReadCache>();
        services.AddSingleton<DemoEsiWars>();
        // The simulated Tranquility has no daily downtime unless a test switches one on; keeping the client's
        // downtime pause would freeze the demo (and every test against it) for 22 minutes each day.
        services.PostConfigure<EsiClientOptions>(o => o.DowntimeEnd = o.DowntimeStart);
        return services;
    }

    public static WebApplication MapDemoEsi(this WebApplication app)
    {
        // Called by this very process over loopback, plain HTTP even where browsers must use HTTPS.
        var esi = app.MapGroup("").ExcludeFromDescription().AllowPlainHttp();

        // Services are resolved per request, not here: the store reads validated options, and start-up
        // validation must get the chance to report every settings problem at once first.
        void Map(DemoEsiRoute route, Func<DemoEsiCall, Task<DemoEsiReply>> handler) =>
            esi.MapMethods(route.Pattern, [route.Method], (HttpContext http) => http.RequestServices.GetRequiredService<DemoEsiPipeline>().RunAsync(http, route, handler));

        var social = DemoEsiBucketLimiter.CharSocial;
        Map(new("GET", ContactsRoute, ReadContactsScope, social, FiveMinutes), call => Task.FromResult(GetContacts(call, Store(call))));
        Map(new("POST", ContactsRoute, WriteContactsScope, social), call => WriteContactsAsync(call, Store(call), add: true));
        Map(new("PUT", ContactsRoute, WriteContactsScope, social), call => WriteContactsAsync(call, Store(call), add: false));
        Map(new("DELETE", ContactsRoute, WriteContactsScope, social), call => Task.FromResult(DeleteContacts(call, Store(call))));
        Map(new("GET", LabelsRoute, ReadContactsScope, social, FiveMinutes), GetLabelsAsync);

        Map(new("GET", AllianceContactsRoute, AllianceContactsScope, DemoEsiBucketLimiter.AllianceSocial, FiveMinutes), call =>
            Task.FromResult(GetOrgContacts(call, Store(call), "alliance_id", Core.Eve.EntityType.Alliance, AllianceContactsPageSize)));
        Map(new("GET", CorporationContactsRoute, CorporationContactsScope, DemoEsiBucketLimiter.CorpSocial, FiveMinutes), call =>
            Task.FromResult(GetOrgContacts(call, Store(call), "corporation_id", Core.Eve.EntityType.Corporation, CorporationContactsPageSize)));

        Map(new("POST", AffiliationRoute), AffiliationAsync);
        Map(new("POST", NamesRoute), NamesAsync);
        Map(new("POST", IdsRoute), IdsAsync);
        Map(new("GET", CharacterRoute, CacheFor: TimeSpan.FromDays(1)), call => Task.FromResult(GetCharacter(call.CharacterId!.Value)));
        Map(new("GET", CorporationRoute, CacheFor: TimeSpan.FromHours(1)), call => Task.FromResult(GetCorporation(call.Http)));
        Map(new("GET", AllianceRoute, CacheFor: TimeSpan.FromHours(1)), call => Task.FromResult(GetAlliance(call.Http)));
        Map(new("GET", StatusRoute, Group: DemoEsiBucketLimiter.Status, CacheFor: TimeSpan.FromSeconds(30)), call =>
            Task.FromResult(GetStatus(call.Http.RequestServices.GetRequiredService<TimeProvider>())));
        Map(new("GET", WarsRoute, Group: DemoEsiBucketLimiter.Killmail, CacheFor: DemoEsiWars.EsiCacheFor), call => Task.FromResult(GetWars(call.Http)));
        Map(new("GET", WarRoute, Group: DemoEsiBucketLimiter.Killmail, CacheFor: DemoEsiWars.EsiCacheFor), call => Task.FromResult(GetWar(call.Http)));
        return app;
    }

    private static DemoEsiStore Store(DemoEsiCall call) => call.Http.RequestServices.GetRequiredService<DemoEsiStore>();

    // ---- contacts ----

    private static async Task<DemoEsiReply> GetLabelsAsync(DemoEsiCall call)
    {
        var characterId = call.CharacterId!.Value;
        await call.Http.RequestServices.GetRequiredService<DemoPersonaLabels>().OfferAsync(characterId, call.Http.RequestAborted);
        var store = Store(call);
        return new DemoEsiReply(200, store.Labels(characterId), LastModified: store.LastModified(characterId));
    }

    private static DemoEsiReply GetContacts(DemoEsiCall call, DemoEsiStore store) =>
        Paged(call, store.Contacts(call.CharacterId!.Value), ContactsPageSize, store.LastModified(call.CharacterId.Value));

    /// <summary>
    /// An alliance's or corporation's list, only for a member's token. ESI's current spec lists no corporation role for these
    /// routes (docs/esi-notes.md §4), so membership is all the simulator checks; the refusal's wording is the simulator's own.
    /// </summary>
    private static DemoEsiReply GetOrgContacts(DemoEsiCall call, DemoEsiStore store, string idName, Core.Eve.EntityType type, int pageSize)
    {
        if (!TryRouteId(call.Http, idName, out var id))
            return DemoEsiReply.Error(400, $"{idName} must be a 64-bit integer");
        var noun = type == Core.Eve.EntityType.Alliance ? "alliance" : "corporation";
        if (!DemoUniverse.Organisations.Any(o => o.Id == id && o.Type == type))
            return DemoEsiReply.Error(404, $"{char.ToUpperInvariant(noun[0])}{noun[1..]} not found");
        var caller = DemoEsiUniverse.Find(call.CallerId!.Value);
        var corporationId = caller is null ? null : store.CorporationOf(caller);
        var memberOf = type == Core.Eve.EntityType.Corporation ? corporationId : corporationId is { } c ? DemoEsiUniverse.Find(c)?.AllianceId : null;
        if (memberOf != id)
            return new DemoEsiReply(403, new DemoEsiError($"Character is not a member of this {noun}", SsoStatus: 200));
        return Paged(call, store.OrgContacts(id), pageSize, store.LastModified(id));
    }

    /// <summary>One page of a list, as ESI pages: <c>page</c> from 1, <c>X-Pages</c> on every page, 404 past the last.</summary>
    private static DemoEsiReply Paged<T>(DemoEsiCall call, IReadOnlyList<T> items, int pageSize, DateTimeOffset lastModified)
    {
        var page = 1;
        var rawPage = call.Http.Request.Query["page"];
        if (rawPage.Count > 0 && (!int.TryParse(rawPage[^1], NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
            return DemoEsiReply.Error(400, "page must be an integer of at least 1");
        var pages = Math.Max(1, (items.Count + pageSize - 1) / pageSize);
        if (page > pages)
            return DemoEsiReply.Error(404, "Requested page does not exist");
        return new DemoEsiReply(200, items.Skip((page - 1) * pageSize).Take(pageSize).ToList(), pages, lastModified);
    }

    private static async Task<DemoEsiReply> WriteContactsAsync(DemoEsiCall call, DemoEsiStore store, bool add)
    {
        var characterId = call.CharacterId!.Value;
        var query = call.Http.Request.Query;
        var (ids, bodyError) = await ReadBodyAsync<long>(call.Http, 100);
        if (bodyError is not null)
            return DemoEsiReply.Error(400, bodyError);

        if (query["standing"].Count == 0)
            return DemoEsiReply.Error(400, "standing is required");
        // The legacy spec's bounds; the game's scale is still [-10, 10].
        if (!double.TryParse(query["standing"][^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var standing) || !double.IsFinite(standing) || standing is < -10 or > 10)
            return DemoEsiReply.Error(400, "standing must be a number between -10 and 10");
        if (!TryLongArray(query, "label_ids", out var labelIds))
            return DemoEsiReply.Error(400, "label_ids must be 64-bit integers");
        if (labelIds.Count > 63)
            return DemoEsiReply.Error(400, "label_ids may hold at most 63 labels");
        if (!store.HasLabels(characterId, labelIds))
            return DemoEsiReply.Error(400, "label_ids contains a label this character does not have");
        var watched = false;
        if (query["watched"].Count > 0 && !bool.TryParse(query["watched"][^1], out watched))
            return DemoEsiReply.Error(400, "watched must be true or false");

        var unknown = ids!.Where(id => DemoEsiUniverse.Find(id) is null).Distinct().ToList();
        if (unknown.Count > 0)
            return DemoEsiReply.Error(400, $"Unknown contact ids: {string.Join(", ", unknown)}");
        var entities = ids!.Select(id => DemoEsiUniverse.Find(id)!).ToList();

        if (!add)
        {
            store.Edit(characterId, entities, standing, labelIds, watched);
            return new DemoEsiReply(204);
        }
        var faults = call.Http.RequestServices.GetRequiredService<DemoEsiFaults>();
        var created = store.Add(characterId, entities.Where(e => !faults.IsAddRefused(characterId, e.Id)).ToList(), standing, labelIds, watched);
        // Past the 1024 cap ESI's behaviour is undocumented; docs/esi-notes.md §5 reports 500 "Action failed"
        // from the game, so the simulator refuses the whole call that way and creates nothing.
        return created is null ? DemoEsiReply.Error(500, "Action failed") : new DemoEsiReply(201, created);
    }

    private static DemoEsiReply DeleteContacts(DemoEsiCall call, DemoEsiStore store)
    {
        if (!TryLongArray(call.Http.Request.Query, "contact_ids", out var ids))
            return DemoEsiReply.Error(400, "contact_ids must be 64-bit integers");
        if (ids.Count is < 1 or > 20)
            return DemoEsiReply.Error(400, "contact_ids must hold 1 to 20 ids");
        store.Delete(call.CharacterId!.Value, ids);
        return new DemoEsiReply(204);
    }

    // ---- helpers ----

    public sealed record Affiliation(long CharacterId, long CorporationId, long? AllianceId);

    public sealed record UniverseName(string Category, long Id, string Name);

    public sealed record IdName(long Id, string Name);

    public sealed record UniverseIds(IReadOnlyList<IdName>? Alliances, IReadOnlyList<IdName>? Characters, IReadOnlyList<IdName>? Corporations, IReadOnlyList<IdName>? Factions);

    public sealed record CharacterInfo(long AchievementScore, long? AllianceId, DateTimeOffset Birthday, long BloodlineId, long CorporationId, string Description, string Gender, string Name, long RaceId, double SecurityStatus);

    public sealed record TaxRates(double Isk, double LoyaltyPoint);

    public sealed record CorporationInfo(
        long? AllianceId, long? CeoId, long? CreatorId, DateTimeOffset DateFounded, string Description, string FriendlyFire, long HomeStationId,
        int MemberCount, string Name, long Shares, string State, TaxRates TaxRates, string Ticker, string Type, bool WarEligible);

    public sealed record AllianceInfo(long CreatorCorporationId, long CreatorId, DateTimeOffset DateFounded, long? ExecutorCorporationId, string Name, string Ticker);

    public sealed record ServerStatus(int Players, string ServerVersion, DateTimeOffset StartTime, bool Vip);

    private static async Task<DemoEsiReply> AffiliationAsync(DemoEsiCall call)
    {
        var (ids, error) = await ReadBodyAsync<long>(call.Http, 1000, unique: true);
        if (error is not null)
            return DemoEsiReply.Error(400, error);
        // The legacy description: "All characters must exist, or none will be returned".
        var characters = ids!.Select(DemoEsiUniverse.Find).ToList();
        if (characters.Any(c => c?.Category != DemoEsiUniverse.Character))
            return DemoEsiReply.Error(404, "No characters found");
        var store = call.Http.RequestServices.GetRequiredService<DemoEsiStore>();
        return new DemoEsiReply(200, characters.Select(c =>
        {
            var corporationId = store.CorporationOf(c!)!.Value;
            return new Affiliation(c!.Id, corporationId, DemoEsiUniverse.Find(corporationId)?.AllianceId);
        }).ToList());
    }

    private static async Task<DemoEsiReply> NamesAsync(DemoEsiCall call)
    {
        var (ids, error) = await ReadBodyAsync<long>(call.Http, 1000, unique: true);
        if (error is not null)
            return DemoEsiReply.Error(400, error);
        // "All IDs must resolve to a name, or nothing will be returned."
        var found = ids!.Select(DemoEsiUniverse.Find).ToList();
        if (found.Any(e => e is null))
            return DemoEsiReply.Error(404, "Ensure all IDs are valid before resolving.");
        return new DemoEsiReply(200, found.Select(e => new UniverseName(e!.Category, e.Id, e.Name)).ToList());
    }

    private static async Task<DemoEsiReply> IdsAsync(DemoEsiCall call)
    {
        var (names, error) = await ReadBodyAsync<string>(call.Http, 500, unique: true);
        if (error is not null)
            return DemoEsiReply.Error(400, error);
        if (names!.Any(n => n.Length is < 1 or > 100))
            return DemoEsiReply.Error(400, "each name must be 1 to 100 characters");
        // Exact names, compared without case as EVE's name lookup does.
        var wanted = names!.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var hits = DemoEsiUniverse.All.Values.Where(e => wanted.Contains(e.Name)).OrderBy(e => e.Id).ToList();
        List<IdName>? Of(string category) => hits.Where(e => e.Category == category).Select(e => new IdName(e.Id, e.Name)).ToList() is { Count: > 0 } list ? list : null;
        return new DemoEsiReply(200, new UniverseIds(Of(DemoEsiUniverse.Alliance), Of(DemoEsiUniverse.Character), Of(DemoEsiUniverse.Corporation), Of(DemoEsiUniverse.Faction)));
    }

    private static DemoEsiReply GetCharacter(long characterId)
    {
        if (DemoEsiUniverse.Find(characterId) is not { Category: DemoEsiUniverse.Character } c)
            return DemoEsiReply.Error(404, "Character not found");
        var blurb = DemoUniverse.FindPersona(characterId)?.Blurb ?? "";
        return new DemoEsiReply(200, new CharacterInfo(1000, c.AllianceId, DemoEsiUniverse.Founded, 1, c.CorporationId!.Value, blurb, "female", c.Name, 1, 0.5), LastModified: DemoEsiUniverse.Founded);
    }

    private static DemoEsiReply GetCorporation(HttpContext http)
    {
        if (!TryRouteId(http, "corporation_id", out var id))
            return DemoEsiReply.Error(400, "corporation_id must be a 64-bit integer");
        var org = DemoUniverse.Organisations.FirstOrDefault(o => o.Id == id && o.Type == Core.Eve.EntityType.Corporation);
        if (org is null)
            return DemoEsiReply.Error(404, "Corporation not found");
        long? ceo = DemoEsiUniverse.FirstCharacterOf.TryGetValue(id, out var first) ? first : null;
        return new DemoEsiReply(200, new CorporationInfo(
            org.AllianceId, ceo, ceo, DemoEsiUniverse.Founded, $"{org.Name}, a corporation of the demo universe.", "illegal", 60003760,
            org.MemberCount, org.Name, 1000, "active", new TaxRates(0.1, 0.1), DemoEsiUniverse.Ticker(org.Name), "player_owned", true), LastModified: DemoEsiUniverse.Founded);
    }

    private static DemoEsiReply GetAlliance(HttpContext http)
    {
        if (!TryRouteId(http, "alliance_id", out var id))
            return DemoEsiReply.Error(400, "alliance_id must be a 64-bit integer");
        var org = DemoUniverse.Organisations.FirstOrDefault(o => o.Id == id && o.Type == Core.Eve.EntityType.Alliance);
        if (org is null)
            return DemoEsiReply.Error(404, "Alliance not found");
        var creatorCorp = DemoUniverse.Organisations.Where(o => o.AllianceId == id).Min(o => o.Id);
        var creator = DemoEsiUniverse.FirstCharacterOf[creatorCorp];
        return new DemoEsiReply(200, new AllianceInfo(creatorCorp, creator, DemoEsiUniverse.Founded, creatorCorp, org.Name, DemoEsiUniverse.Ticker(org.Name)), LastModified: DemoEsiUniverse.Founded);
    }

    /// <summary>The cluster started when the last daily downtime (11:00 UTC) ended.</summary>
    private static DemoEsiReply GetStatus(TimeProvider time)
    {
        var now = time.GetUtcNow();
        var start = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(11).AddMinutes(15);
        if (start > now)
            start = start.AddDays(-1);
        return new DemoEsiReply(200, new ServerStatus(23_451, "3057861", start, false), LastModified: start);
    }

    // ---- wars ----

    private static DemoEsiReply GetWars(HttpContext http)
    {
        long? max = null;
        var raw = http.Request.Query["max_war_id"];
        if (raw.Count > 0)
        {
            if (!long.TryParse(raw[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
                return DemoEsiReply.Error(400, "max_war_id must be a positive 64-bit integer");
            max = parsed;
        }
        var wars = http.RequestServices.GetRequiredService<DemoEsiWars>();
        var (ids, expires) = wars.Page(max);
        return new DemoEsiReply(200, ids, ExpiresAt: expires, LastModified: expires - wars.CacheFor);
    }

    private static DemoEsiReply GetWar(HttpContext http)
    {
        if (!TryRouteId(http, "war_id", out var id))
            return DemoEsiReply.Error(400, "war_id must be a 64-bit integer");
        var wars = http.RequestServices.GetRequiredService<DemoEsiWars>();
        var (war, expires) = wars.Read(id);
        // ESI's wording for an unknown war id.
        return war is null ? DemoEsiReply.Error(422, "War not found") : new DemoEsiReply(200, war, ExpiresAt: expires, LastModified: expires - wars.CacheFor);
    }

    // ---- parsing ----

    /// <summary>Reads a JSON array body of 1..<paramref name="max"/> items; the error is null when it is fine.</summary>
    private static async Task<(List<T>? Items, string? Error)> ReadBodyAsync<T>(HttpContext http, int max, bool unique = false)
    {
        List<T>? items;
        try
        {
            items = await JsonSerializer.DeserializeAsync<List<T>>(http.Request.Body, DemoEsiPipeline.Json, http.RequestAborted);
        }
        catch (JsonException)
        {
            return (null, "The body must be a JSON array");
        }
        if (items is null || items.Count < 1 || items.Count > max)
            return (null, $"The body must hold 1 to {max} items");
        if (unique && items.Distinct().Count() != items.Count)
            return (null, "The body must not repeat items");
        return (items, null);
    }

    /// <summary>Array query parameters in both spellings: repeated keys (OpenAPI 3, explode) and CSV (Swagger 2.0).</summary>
    private static bool TryLongArray(IQueryCollection query, string name, out List<long> values)
    {
        values = [];
        foreach (var raw in query[name])
        {
            foreach (var part in (raw ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!long.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                    return false;
                values.Add(value);
            }
        }
        return true;
    }

    private static bool TryRouteId(HttpContext http, string name, out long id)
    {
        id = 0;
        return http.Request.RouteValues.TryGetValue(name, out var raw) && long.TryParse(raw?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
