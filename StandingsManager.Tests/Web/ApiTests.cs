using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.Core.Api;
using StandingsManager.Core.Audit;

namespace StandingsManager.Tests.Web;

public sealed class ApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private static void NoSecrets(string body, string key)
    {
        Assert.DoesNotContain(key, body, StringComparison.Ordinal);
        Assert.DoesNotContain("smk_", body, StringComparison.Ordinal);
        Assert.DoesNotContain("token", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("account", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Lists_and_paged_entries_with_a_strong_etag_and_304()
    {
        await using var app = new StandingsAppFactory();
        var key = await ApiClients.CreateKeyAsync(app, "Intel bot", [ApiScopes.StandingsRead]);
        using var client = ApiClients.For(app, key.Key);

        using (var response = await client.GetAsync("/api/v1/lists", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.False(response.Headers.Contains("Set-Cookie"));
            var body = await response.Content.ReadAsStringAsync(Ct);
            NoSecrets(body, key.Key);
            var first = JsonDocument.Parse(body).RootElement.EnumerateArray().Single(l => l.GetProperty("id").GetInt32() == 1);
            Assert.Equal(("Requests", 3), (first.GetProperty("source").GetString(), first.GetProperty("entryCount").GetInt32()));
        }

        using var page1 = await client.GetAsync("/api/v1/lists/1/entries?page=1&pageSize=2", Ct);
        Assert.Equal(HttpStatusCode.OK, page1.StatusCode);
        var body1 = await page1.Content.ReadAsStringAsync(Ct);
        NoSecrets(body1, key.Key);
        var json1 = JsonDocument.Parse(body1).RootElement;
        Assert.Equal((3, 2), (json1.GetProperty("total").GetInt32(), json1.GetProperty("entries").GetArrayLength()));
        var etag = page1.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        using var page2 = await client.GetAsync("/api/v1/lists/1/entries?page=2&pageSize=2", Ct);
        var json2 = await page2.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(1, json2.GetProperty("entries").GetArrayLength());
        var ids = json1.GetProperty("entries").EnumerateArray().Concat(json2.GetProperty("entries").EnumerateArray()).Select(e => e.GetProperty("entityId").GetInt64()).ToList();
        Assert.Equal(ids.Order().Distinct(), ids);
        Assert.NotEqual(etag, page2.Headers.ETag);

        using (var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/lists/1/entries?page=1&pageSize=2"))
        {
            again.Headers.IfNoneMatch.Add(etag);
            using var response = await client.SendAsync(again, Ct);
            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
            Assert.Equal(etag, response.Headers.ETag);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        }
        using (var stale = new HttpRequestMessage(HttpMethod.Get, "/api/v1/lists/1/entries?page=1&pageSize=2"))
        {
            stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\""));
            using var response = await client.SendAsync(stale, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Bad_paging_an_unknown_list_and_an_unknown_endpoint_are_problems()
    {
        await using var app = new StandingsAppFactory();
        var key = await ApiClients.CreateKeyAsync(app, "Intel bot", [ApiScopes.StandingsRead]);
        using var client = ApiClients.For(app, key.Key);

        using (var response = await client.GetAsync("/api/v1/lists/1/entries?pageSize=1001", Ct))
            Assert.Contains("pageSize", (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using (var response = await client.GetAsync("/api/v1/lists/1/entries?page=0", Ct))
            await ProblemAsync(response, HttpStatusCode.BadRequest);
        using (var response = await client.GetAsync("/api/v1/lists/1/entries?page=abc", Ct))
            await ProblemAsync(response, HttpStatusCode.BadRequest);
        using (var response = await client.GetAsync("/api/v1/lists/999/entries", Ct))
            Assert.Contains("/api/v1/lists", (await ProblemAsync(response, HttpStatusCode.NotFound)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using (var response = await client.GetAsync("/api/v1/nothing-here", Ct))
            await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task No_unknown_or_revoked_key_is_401_a_missing_scope_403_and_a_cookie_counts_for_nothing()
    {
        await using var app = new StandingsAppFactory();
        var auditOnly = await ApiClients.CreateKeyAsync(app, "Audit reader", [ApiScopes.AuditRead]);
        var revoked = await ApiClients.CreateKeyAsync(app, "Old bot", [ApiScopes.StandingsRead]);
        var adminId = await app.AccountOfAsync(DemoPersonas.Administrator);
        await app.Services.GetRequiredService<ApiKeys>().RevokeAsync(adminId, revoked.Row.Id, Ct);

        using (var none = ApiClients.For(app, null))
        using (var response = await none.GetAsync("/api/v1/lists", Ct))
        {
            Assert.Contains("Authorization: Bearer", (await ProblemAsync(response, HttpStatusCode.Unauthorized)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
        using (var unknown = ApiClients.For(app, "smk_" + new string('A', 43)))
        using (var response = await unknown.GetAsync("/api/v1/lists", Ct))
            Assert.Contains("not known", (await ProblemAsync(response, HttpStatusCode.Unauthorized)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using (var old = ApiClients.For(app, revoked.Key))
        using (var response = await old.GetAsync("/api/v1/lists", Ct))
            Assert.Contains("revoked", (await ProblemAsync(response, HttpStatusCode.Unauthorized)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Old bot", await app.WithDbAsync(db => db.Audit.Where(a => a.Action == AuditAction.ApiKeyUsedAfterRevoke).Select(a => a.SubjectName).SingleAsync(Ct)));

        using (var reader = ApiClients.For(app, auditOnly.Key))
        using (var response = await reader.GetAsync("/api/v1/lists", Ct))
            Assert.Contains(ApiScopes.StandingsRead, (await ProblemAsync(response, HttpStatusCode.Forbidden)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A signed-in administrator's cookie is no key: the API neither reads it nor sends one.
        using var administrator = new DemoSignIn(app.BaseAddress);
        await administrator.SignInAsync(DemoPersonas.Administrator);
        using (var response = await administrator.Client.GetAsync("/api/v1/lists", Ct))
        {
            await ProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
    }

    [Fact]
    public async Task An_expired_key_is_401()
    {
        var time = new WatchedFakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new StandingsAppFactory(services: s => s.AddSingleton<TimeProvider>(time));
        var key = await ApiClients.CreateKeyAsync(app, "Trial", [ApiScopes.StandingsRead], time.GetUtcNow().AddDays(1));
        using var client = ApiClients.For(app, key.Key);
        using (var response = await client.GetAsync("/api/v1/lists", Ct))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        time.Advance(TimeSpan.FromDays(1));

        using (var response = await client.GetAsync("/api/v1/lists", Ct))
            Assert.Contains("expired", (await ProblemAsync(response, HttpStatusCode.Unauthorized)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_in_the_query_string_is_refused_with_400_even_with_a_good_header()
    {
        await using var app = new StandingsAppFactory();
        var key = await ApiClients.CreateKeyAsync(app, "Intel bot", [ApiScopes.StandingsRead]);
        using var client = ApiClients.For(app, key.Key);
        using var none = ApiClients.For(app, null);

        foreach (var query in new[] { $"?api_key={key.Key}", $"?x={key.Key}", "?key=whatever", "?access_token=abc" })
        {
            using (var response = await client.GetAsync("/api/v1/lists" + query, Ct))
                Assert.Contains("Authorization: Bearer", (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            using (var response = await none.GetAsync("/api/v1/lists" + query, Ct))
                await ProblemAsync(response, HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task Each_key_has_its_own_rate_limit_answered_with_429_and_retry_after()
    {
        await using var app = new StandingsAppFactory(new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "2" });
        var busy = await ApiClients.CreateKeyAsync(app, "Busy bot", [ApiScopes.StandingsRead]);
        var quiet = await ApiClients.CreateKeyAsync(app, "Quiet bot", [ApiScopes.StandingsRead]);
        using var client = ApiClients.For(app, busy.Key);

        for (var i = 0; i < 2; i++)
        {
            using var ok = await client.GetAsync("/api/v1/lists", Ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using (var response = await client.GetAsync("/api/v1/lists", Ct))
        {
            Assert.Contains("try again in", (await ProblemAsync(response, HttpStatusCode.TooManyRequests)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }
        using var other = ApiClients.For(app, quiet.Key);
        using (var response = await other.GetAsync("/api/v1/lists", Ct))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_audit_log_needs_audit_read_takes_the_pages_filters_and_carries_no_account_ids()
    {
        await using var app = new StandingsAppFactory();
        var auditor = await ApiClients.CreateKeyAsync(app, "Audit reader", [ApiScopes.AuditRead]);
        var standings = await ApiClients.CreateKeyAsync(app, "Intel bot", [ApiScopes.StandingsRead]);
        using var client = ApiClients.For(app, auditor.Key);

        using (var response = await client.GetAsync("/api/v1/audit?action=EntryAdded&pageSize=2", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStringAsync(Ct);
            NoSecrets(body, auditor.Key);
            var rows = JsonDocument.Parse(body).RootElement.EnumerateArray().ToList();
            Assert.Equal(2, rows.Count); // of the demo seed's three entries
            Assert.All(rows, r => Assert.Equal(("EntryAdded", "Entry added"), (r.GetProperty("action").GetString(), r.GetProperty("actionText").GetString())));
        }
        using (var response = await client.GetAsync("/api/v1/audit?action=EntryAdded&page=2&pageSize=2", Ct))
            Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray());
        using (var response = await client.GetAsync("/api/v1/audit?action=ApiKeyCreated", Ct))
        {
            var rows = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray().ToList();
            Assert.Equal(["Intel bot", "Audit reader"], rows.Select(r => r.GetProperty("subjectName").GetString()));
        }
        using (var response = await client.GetAsync("/api/v1/audit?from=yesterday", Ct))
            Assert.Contains("yyyy-MM-dd", (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using (var response = await client.GetAsync("/api/v1/audit?pageSize=0", Ct))
            await ProblemAsync(response, HttpStatusCode.BadRequest);
        using (var other = ApiClients.For(app, standings.Key))
        using (var response = await other.GetAsync("/api/v1/audit", Ct))
            Assert.Contains(ApiScopes.AuditRead, (await ProblemAsync(response, HttpStatusCode.Forbidden)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using (var response = await client.GetAsync("/api/v1/lists", Ct))
            await ProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Standings_resolve_character_then_corporation_then_alliance_and_say_which_entry_decided()
    {
        await using var app = new StandingsAppFactory();
        var key = await ApiClients.CreateKeyAsync(app, "Intel bot", [ApiScopes.StandingsRead]);
        using var client = ApiClients.For(app, key.Key);
        const long unknownId = 12345;

        using var response = await client.PostAsJsonAsync("/api/v1/standings/lookup",
            new[] { DemoPersonas.Blue, DemoPersonas.BlueAlt, 98_000_004, DemoPersonas.Member, unknownId, DemoPersonas.Blue }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        NoSecrets(body, key.Key);
        var answers = JsonDocument.Parse(body).RootElement.EnumerateArray().ToDictionary(a => a.GetProperty("id").GetInt64());
        Assert.Equal(5, answers.Count);

        static (double?, long?, string?) Decided(JsonElement answer)
        {
            var list = answer.GetProperty("lists").EnumerateArray().Single(l => l.GetProperty("listId").GetInt32() == 1);
            var by = list.GetProperty("decidedBy");
            return by.ValueKind == JsonValueKind.Null
                ? (null, null, null)
                : (list.GetProperty("standing").GetDouble(), by.GetProperty("entityId").GetInt64(), by.GetProperty("entityType").GetString());
        }
        Assert.Equal<(double?, long?, string?)>((5d, DemoPersonas.Blue, "Character"), Decided(answers[DemoPersonas.Blue]));
        Assert.Equal<(double?, long?, string?)>((10d, 99_000_002L, "Alliance"), Decided(answers[DemoPersonas.BlueAlt]));
        Assert.Equal((DemoPersonas.BlueCorporation, 99_000_002L), (answers[DemoPersonas.BlueAlt].GetProperty("corporationId").GetInt64(), answers[DemoPersonas.BlueAlt].GetProperty("allianceId").GetInt64()));
        Assert.Equal<(double?, long?, string?)>((-10d, 98_000_004L, "Corporation"), Decided(answers[98_000_004]));
        Assert.Equal(((double?)null, (long?)null, (string?)null), Decided(answers[DemoPersonas.Member]));
        Assert.Equal("known", answers[DemoPersonas.Member].GetProperty("status").GetString());
        Assert.Equal("unknown", answers[unknownId].GetProperty("status").GetString());

        using (var one = await client.GetAsync($"/api/v1/standings/{DemoPersonas.BlueAlt}", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
            Assert.Equal<(double?, long?, string?)>((10d, 99_000_002L, "Alliance"), Decided(await one.Content.ReadFromJsonAsync<JsonElement>(Ct)));
        }
        using (var missing = await client.GetAsync($"/api/v1/standings/{unknownId}", Ct))
            await ProblemAsync(missing, HttpStatusCode.NotFound);
        using (var tooMany = await client.PostAsJsonAsync("/api/v1/standings/lookup", Enumerable.Range(1, 1001).Select(i => (long)i).ToArray(), Ct))
            Assert.Contains("1000", (await ProblemAsync(tooMany, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using (var notJson = await client.PostAsync("/api/v1/standings/lookup", new StringContent("[1,", System.Text.Encoding.UTF8, "application/json"), Ct))
            await ProblemAsync(notJson, HttpStatusCode.BadRequest);
    }
}
