using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Api;
using StandingsManager.Core.Api;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Standings;

namespace StandingsManager.Tests.Web;

/// <summary><c>GET /api/v1/lists/{id}/entries?changedSince=</c> over real HTTP, on the app's fake clock.</summary>
public sealed class ApiChangedSinceTests
{
    private const long One = 98_765_001;
    private const long Two = 98_765_002;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Cursor(HttpResponseMessage response) => Assert.Single(response.Headers.GetValues(ApiEndpoints.CursorHeader));

    private static async Task<(List<JsonElement> Changes, bool More, string Cursor)> ChangesAsync(HttpClient client, string cursor, int? pageSize = null)
    {
        using var response = await client.GetAsync($"/api/v1/lists/1/entries?changedSince={Uri.EscapeDataString(cursor)}" + (pageSize is { } size ? $"&pageSize={size}" : ""), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return ([.. json.GetProperty("changes").EnumerateArray()], json.GetProperty("more").GetBoolean(), Cursor(response));
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task A_mirror_follows_adds_changes_and_removals_from_its_cursor_and_an_old_cursor_is_410()
    {
        var time = new WatchedFakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new StandingsAppFactory(services: s => s.AddSingleton<TimeProvider>(time));
        var key = await ApiClients.CreateKeyAsync(app, "Mirror", [ApiScopes.StandingsRead]);
        using var client = ApiClients.For(app, key.Key);
        var admin = await app.AccountOfAsync(DemoPersonas.Administrator);
        var entries = app.Services.GetRequiredService<StandingsAdmin>();

        using var full = await client.GetAsync("/api/v1/lists/1/entries", Ct);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var cursor = Cursor(full);
        Assert.Empty((await ChangesAsync(client, cursor)).Changes);

        var id = await entries.AddAsync(StandingsList.FirstListId, admin, One, EntityType.Corporation, "Hook Test One", -5, null, Ct);
        var (changes, more, next) = await ChangesAsync(client, cursor);
        var added = Assert.Single(changes);
        Assert.Equal((One, "Corporation", "Hook Test One", false, -5.0), (added.GetProperty("entityId").GetInt64(), added.GetProperty("entityType").GetString(),
            added.GetProperty("entityName").GetString(), added.GetProperty("removed").GetBoolean(), added.GetProperty("standing").GetDouble()));
        Assert.False(more);
        Assert.Empty((await ChangesAsync(client, next)).Changes); // read once, not again

        await entries.EditAsync(admin, id, 0, -10, "Shoot on sight", Ct);
        (changes, _, next) = await ChangesAsync(client, next);
        Assert.Equal(-10, Assert.Single(changes).GetProperty("standing").GetDouble());

        await entries.RemoveAsync(admin, id, 1, "Gone", Ct);
        (changes, _, next) = await ChangesAsync(client, next);
        var removed = Assert.Single(changes);
        Assert.Equal((One, true, JsonValueKind.Null), (removed.GetProperty("entityId").GetInt64(), removed.GetProperty("removed").GetBoolean(), removed.GetProperty("standing").ValueKind));

        // From the first cursor the three changes of one entry come as one: as it is now, removed.
        Assert.True(Assert.Single((await ChangesAsync(client, cursor)).Changes).GetProperty("removed").GetBoolean());

        // A full page says so, and the next read goes on where it ended.
        await entries.AddAsync(StandingsList.FirstListId, admin, One, EntityType.Corporation, "Hook Test One", 5, null, Ct);
        await entries.AddAsync(StandingsList.FirstListId, admin, Two, EntityType.Corporation, "Hook Test Two", 10, null, Ct);
        (changes, more, var page2) = await ChangesAsync(client, next, pageSize: 1);
        Assert.Equal((One, true), (Assert.Single(changes).GetProperty("entityId").GetInt64(), more));
        (changes, more, _) = await ChangesAsync(client, page2, pageSize: 1);
        Assert.Equal((Two, true), (Assert.Single(changes).GetProperty("entityId").GetInt64(), more));
        (changes, more, next) = await ChangesAsync(client, page2, pageSize: 2);
        Assert.Equal((Two, false), (Assert.Single(changes).GetProperty("entityId").GetInt64(), more));

        // Nothing new: the same body, so its ETag answers 304.
        using (var first = await client.GetAsync($"/api/v1/lists/1/entries?changedSince={next}", Ct))
        using (var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/lists/1/entries?changedSince={next}"))
        {
            again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            using var response = await client.SendAsync(again, Ct);
            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        }

        // Older than the log keeps: read in full again, and go on from that read's cursor.
        time.Advance(TimeSpan.FromDays(31));
        using (var stale = await client.GetAsync($"/api/v1/lists/1/entries?changedSince={next}", Ct))
            Assert.Contains("read the list in full", await DetailAsync(stale, HttpStatusCode.Gone), StringComparison.Ordinal);
        using var fresh = await client.GetAsync("/api/v1/lists/1/entries", Ct);
        Assert.Empty((await ChangesAsync(client, Cursor(fresh))).Changes);
    }

    [Fact]
    public async Task A_full_read_keeps_its_etag_and_304_while_the_cursor_moves_and_bad_cursors_are_400()
    {
        await using var app = new StandingsAppFactory();
        var key = await ApiClients.CreateKeyAsync(app, "Mirror", [ApiScopes.StandingsRead]);
        using var client = ApiClients.For(app, key.Key);
        var admin = await app.AccountOfAsync(DemoPersonas.Administrator);
        using var first = await client.GetAsync("/api/v1/lists/1/entries", Ct);
        var etag = first.Headers.ETag!;

        // A change on another list moves the cursor, not this list's body.
        int other;
        await using (var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<StandingsManager.Core.Persistence.StandingsDbContext>>().CreateDbContextAsync(Ct))
            other = await TestLists.AddAsync(db, "Partners");
        await app.Services.GetRequiredService<StandingsAdmin>().AddAsync(other, admin, One, EntityType.Corporation, "Hook Test One", 5, null, Ct);
        using (var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/lists/1/entries"))
        {
            again.Headers.IfNoneMatch.Add(etag);
            using var response = await client.SendAsync(again, Ct);
            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
            Assert.NotEqual(Cursor(first), Cursor(response));
        }

        foreach (var bad in new[] { "yesterday", "2026-12-01T00:00:00Z", "12", "-1.5", "1.2.3" })
        {
            using var response = await client.GetAsync($"/api/v1/lists/1/entries?changedSince={Uri.EscapeDataString(bad)}", Ct);
            Assert.Contains(ApiEndpoints.CursorHeader, await DetailAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        }
        using (var paged = await client.GetAsync($"/api/v1/lists/1/entries?changedSince={Cursor(first)}&page=2", Ct))
            Assert.Contains("leave page out", await DetailAsync(paged, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using (var missing = await client.GetAsync($"/api/v1/lists/999/entries?changedSince={Cursor(first)}", Ct))
            await DetailAsync(missing, HttpStatusCode.NotFound);
    }
}
