using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.Core.Eve.Esi;
using static StandingsManager.Tests.Esi.ScriptedEsiHandler;

namespace StandingsManager.Tests.Esi;

public sealed class EsiClientTests
{
    private const long Me = 90000001;
    private const string Token = EsiTestHost.Token;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long[] Ids(int count, long start = 1000) => [.. Enumerable.Range(0, count).Select(i => start + i)];
    private static long[] BodyIds(Sent sent) => JsonSerializer.Deserialize<long[]>(sent.Body!)!;

    [Fact]
    public async Task Adding_250_contacts_posts_three_chunks_of_100_100_50_with_the_shared_settings()
    {
        using var host = new EsiTestHost((req, _) => Json(req.Body!, HttpStatusCode.Created));

        var result = await host.Client.AddContactsAsync(Me, Token, Ids(250), 5, [4, 8], watched: true, Ct);

        var sent = host.Handler.Sent;
        Assert.Equal([100, 100, 50], sent.Select(s => BodyIds(s).Length));
        Assert.All(sent, s =>
        {
            Assert.Equal(HttpMethod.Post, s.Method);
            Assert.Equal($"/characters/{Me}/contacts", s.Uri.AbsolutePath);
            Assert.Equal("standing=5&label_ids=4&label_ids=8&watched=true", s.Query);
        });
        Assert.Equal(Ids(250), sent.SelectMany(BodyIds));
        Assert.Equal(Ids(250), result.Value);
        Assert.Equal(3, result.Calls);
    }

    [Fact]
    public async Task Add_returns_only_the_ids_esi_reports_as_created()
    {
        using var host = new EsiTestHost((_, _) => Json("[1001]", HttpStatusCode.Created));

        var result = await host.Client.AddContactsAsync(Me, Token, [1000, 1001], -10, [], watched: false, Ct);

        Assert.Equal([1001L], result.Value);
        Assert.Equal("standing=-10&watched=false", host.Handler.Sent.Single().Query);
    }

    [Fact]
    public async Task Editing_101_contacts_puts_two_chunks()
    {
        using var host = new EsiTestHost((_, _) => new HttpResponseMessage(HttpStatusCode.NoContent));

        var result = await host.Client.EditContactsAsync(Me, Token, Ids(101), 9.9, [], watched: false, Ct);

        Assert.Equal([100, 1], host.Handler.Sent.Select(s => BodyIds(s).Length));
        Assert.All(host.Handler.Sent, s => Assert.Equal(HttpMethod.Put, s.Method));
        Assert.Equal("standing=9.9&watched=false", host.Handler.Sent[0].Query);
        Assert.Equal(2, result.Calls);
    }

    [Fact]
    public async Task Deleting_45_contacts_sends_three_deletes_of_20_20_5_with_ids_in_the_query()
    {
        using var host = new EsiTestHost((_, _) => new HttpResponseMessage(HttpStatusCode.NoContent));

        var result = await host.Client.DeleteContactsAsync(Me, Token, Ids(45), Ct);

        var sent = host.Handler.Sent;
        Assert.All(sent, s => Assert.Equal(HttpMethod.Delete, s.Method));
        Assert.All(sent, s => Assert.Null(s.Body));
        // The current spec's form: one contact_ids key per id.
        var chunks = sent.Select(s => s.Query.Split('&').Select(pair =>
        {
            Assert.StartsWith("contact_ids=", pair, StringComparison.Ordinal);
            return long.Parse(pair["contact_ids=".Length..], CultureInfo.InvariantCulture);
        }).ToArray()).ToList();
        Assert.Equal([20, 20, 5], chunks.Select(c => c.Length));
        Assert.Equal(Ids(45), chunks.SelectMany(c => c));
        Assert.Equal(3, result.Calls);
    }

    [Fact]
    public async Task Affiliations_for_2500_characters_take_three_calls()
    {
        using var host = new EsiTestHost((req, _) =>
        {
            var ids = JsonSerializer.Deserialize<long[]>(req.Body!)!;
            return Json(JsonSerializer.Serialize(ids.Select(id => new { character_id = id, corporation_id = 98000001, alliance_id = 99000001 })));
        });

        var result = await host.Client.GetAffiliationsAsync(Ids(2500), Ct);

        Assert.Equal([1000, 1000, 500], host.Handler.Sent.Select(s => BodyIds(s).Length));
        Assert.All(host.Handler.Sent, s => Assert.Equal("/characters/affiliation", s.Uri.AbsolutePath));
        Assert.All(host.Handler.Sent, s => Assert.Null(s.Header("Authorization")));
        Assert.Equal(2500, result.Value.Count);
        Assert.Equal(99000001, result.Value[0].AllianceId);
        Assert.Equal(3, result.Calls);
    }

    [Fact]
    public async Task Names_and_ids_are_posted_and_read()
    {
        using var host = new EsiTestHost((req, _) => req.Uri.AbsolutePath == "/universe/names"
            ? Json("""[{"id":1,"name":"Alice","category":"character"}]""")
            : Json("""{"characters":[{"id":1,"name":"Alice"}],"alliances":[{"id":2,"name":"Blues"}]}"""));

        var names = await host.Client.GetNamesAsync(Ids(1001), Ct);
        var ids = await host.Client.ResolveIdsAsync(["Alice", "Blues", "Alice"], Ct);

        Assert.Equal(2, names.Calls);
        Assert.Equal("Alice", names.Value[0].Name);
        Assert.Equal("""["Alice","Blues"]""", host.Handler.Sent[^1].Body);
        Assert.Equal(1, ids.Value.Characters.Single().Id);
        Assert.Equal(2, ids.Value.Alliances.Single().Id);
        Assert.Empty(ids.Value.Corporations);
    }

    [Fact]
    public async Task Empty_id_lists_make_no_call()
    {
        using var host = new EsiTestHost((_, _) => throw new InvalidOperationException("no call expected"));

        var added = await host.Client.AddContactsAsync(Me, Token, [], 0, [], false, Ct);
        var edited = await host.Client.EditContactsAsync(Me, Token, [], 0, [], false, Ct);
        var deleted = await host.Client.DeleteContactsAsync(Me, Token, [], Ct);
        var affiliations = await host.Client.GetAffiliationsAsync([], Ct);
        var names = await host.Client.GetNamesAsync([], Ct);

        Assert.Empty(host.Handler.Sent);
        Assert.Equal(0, added.Calls + edited.Calls + deleted.Calls + affiliations.Calls + names.Calls);
    }

    [Theory]
    [InlineData(10.5)]
    [InlineData(-10.01)]
    [InlineData(double.NaN)]
    public async Task A_standing_outside_minus_ten_to_ten_is_refused_before_sending(double standing)
    {
        using var host = new EsiTestHost((_, _) => Json("[]", HttpStatusCode.Created));

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.Client.AddContactsAsync(Me, Token, [1], standing, [], false, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.Client.EditContactsAsync(Me, Token, [1], standing, [], false, Ct));

        Assert.Equal("standing", ex.ParamName);
        Assert.Contains("between -10 and +10", ex.Message, StringComparison.Ordinal);
        Assert.Empty(host.Handler.Sent);
    }

    [Fact]
    public async Task More_than_63_labels_are_refused_but_63_and_the_range_ends_are_sent()
    {
        using var host = new EsiTestHost((_, _) => Json("[1]", HttpStatusCode.Created));

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.Client.AddContactsAsync(Me, Token, [1], 5, Ids(64), false, Ct));
        Assert.Equal("labelIds", ex.ParamName);
        Assert.Contains("63", ex.Message, StringComparison.Ordinal);
        Assert.Empty(host.Handler.Sent);

        await host.Client.AddContactsAsync(Me, Token, [1], 10, Ids(63), false, Ct);
        await host.Client.AddContactsAsync(Me, Token, [1], -10, [], false, Ct);
        Assert.Equal(2, host.Handler.Sent.Count);
    }

    [Fact]
    public async Task Contacts_are_read_across_all_pages_and_a_multi_page_read_hands_out_no_etag()
    {
        var lastModified = "Tue, 01 Sep 2026 11:55:00 GMT";
        using var host = new EsiTestHost((req, _) =>
        {
            var page = req.Uri.Query.Contains("page=", StringComparison.Ordinal) ? int.Parse(req.Uri.Query.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
            var response = Json($$"""[{"contact_id":{{page}},"contact_type":"character","standing":{{page}}.5,"label_ids":[2],"is_watched":true}]""",
                HttpStatusCode.OK, ("X-Pages", "3"), ("ETag", $"\"etag-page-{page}\""));
            response.Content.Headers.TryAddWithoutValidation("Last-Modified", lastModified);
            return response;
        });

        var result = await host.Client.GetContactsAsync(Me, Token, null, Ct);

        Assert.False(result.NotModified);
        Assert.Equal([1L, 2, 3], result.Items.Select(c => c.ContactId));
        Assert.Equal(2.5, result.Items[1].Standing);
        Assert.Equal([2L], result.Items[0].LabelIds!);
        Assert.True(result.Items[0].IsWatched);
        Assert.Null(result.Items[0].IsBlocked);
        Assert.Null(result.ETag); // page 1's ETag cannot vouch for page 2
        Assert.Equal(3, result.Calls);
        Assert.Equal(["", "page=2", "page=3"], host.Handler.Sent.Select(s => s.Query));
    }

    [Fact]
    public async Task A_page_with_a_different_last_modified_restarts_the_read_once()
    {
        using var host = new EsiTestHost((req, index) =>
        {
            var page = req.Uri.Query.Contains("page=2", StringComparison.Ordinal) ? 2 : 1;
            var response = Json($$"""[{"contact_id":{{page}},"contact_type":"alliance","standing":-5}]""", HttpStatusCode.OK, ("X-Pages", "2"));
            // The cache rolls over between the first two requests only.
            var stamp = index == 0 ? "Tue, 01 Sep 2026 11:50:00 GMT" : "Tue, 01 Sep 2026 11:55:00 GMT";
            response.Content.Headers.TryAddWithoutValidation("Last-Modified", stamp);
            return response;
        });

        var result = await host.Client.GetContactsAsync(Me, Token, null, Ct);

        Assert.Equal(4, result.Calls);
        Assert.Equal([1L, 2], result.Items.Select(c => c.ContactId));
    }

    [Fact]
    public async Task Pages_that_keep_changing_fail_as_retryable_after_one_restart()
    {
        using var host = new EsiTestHost((_, index) =>
        {
            var response = Json("[]", HttpStatusCode.OK, ("X-Pages", "2"));
            response.Content.Headers.TryAddWithoutValidation("Last-Modified", $"Tue, 01 Sep 2026 11:{10 + index}:00 GMT");
            return response;
        });

        var ex = await Assert.ThrowsAsync<EsiException>(() => host.Client.GetContactsAsync(Me, Token, null, Ct));

        Assert.True(ex.IsRetryable);
        Assert.Equal(4, host.Handler.Sent.Count);
    }

    [Fact]
    public async Task A_matching_etag_gets_a_304_reported_as_not_modified()
    {
        using var host = new EsiTestHost((req, _) => req.Header("If-None-Match") == "\"v1\""
            ? new HttpResponseMessage(HttpStatusCode.NotModified)
            : Json("""[{"label_id":1,"label_name":"WAR TARGETS"}]""", HttpStatusCode.OK, ("ETag", "\"v2\"")));

        var unchanged = await host.Client.GetContactsAsync(Me, Token, "\"v1\"", Ct);
        var labelsUnchanged = await host.Client.GetContactLabelsAsync(Me, Token, "\"v1\"", Ct);
        var labels = await host.Client.GetContactLabelsAsync(Me, Token, "\"old\"", Ct);

        Assert.True(unchanged.NotModified);
        Assert.Empty(unchanged.Items);
        Assert.Equal("\"v1\"", unchanged.ETag);
        Assert.Equal(1, unchanged.Calls);
        Assert.True(labelsUnchanged.NotModified);
        Assert.False(labels.NotModified);
        Assert.Equal("WAR TARGETS", labels.Items.Single().LabelName);
        Assert.Equal("\"v2\"", labels.ETag);
        Assert.Equal("\"v1\"", host.Handler.Sent[0].Header("If-None-Match"));
        Assert.Equal($"/characters/{Me}/contacts/labels", host.Handler.Sent[2].Uri.AbsolutePath);
    }

    [Fact]
    public async Task Every_request_carries_compat_date_user_agent_accept_and_the_bearer_token()
    {
        using var host = new EsiTestHost((_, _) => Json("[]"));

        await host.Client.GetContactsAsync(Me, Token, null, Ct);

        var sent = host.Handler.Sent.Single();
        Assert.Equal(new Uri($"https://esi.test/characters/{Me}/contacts"), sent.Uri);
        Assert.Equal("2026-08-18", sent.Header("X-Compatibility-Date"));
        Assert.Equal($"Bearer {Token}", sent.Header("Authorization"));
        Assert.Equal("application/json", sent.Header("Accept"));
        Assert.Null(sent.Header("If-None-Match"));
        var userAgent = sent.Header("User-Agent")!;
        Assert.StartsWith("StandingsManager/", userAgent, StringComparison.Ordinal);
        Assert.Contains(" (ops@example.com) ", userAgent, StringComparison.Ordinal);
        Assert.EndsWith(" dotnet/10", userAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_contact_the_user_agent_has_no_comment()
    {
        using var host = new EsiTestHost((_, _) => Json("""{"players":1,"server_version":"1","start_time":"2026-09-01T11:05:00Z","vip":false}"""), contact: "");

        var status = await host.Client.GetStatusAsync(Ct);

        Assert.Equal(1, status.Value.Players);
        Assert.Matches(@"^StandingsManager/[^ ()]+ dotnet/10$", host.Handler.Sent.Single().Header("User-Agent")!);
    }

    [Fact]
    public async Task An_app_provided_base_address_replaces_the_configured_one()
    {
        using var host = new EsiTestHost((_, _) => Json("""{"name":"Blues","ticker":"BLU","member_count":42,"alliance_id":99000001}"""),
            configure: s => s.AddSingleton<IEsiBaseAddress>(new FixedAddress(new Uri("http://localhost:5000"))));

        var corporation = await host.Client.GetCorporationAsync(98000001, Ct);

        Assert.Equal(new Uri("http://localhost:5000/corporations/98000001"), host.Handler.Sent.Single().Uri);
        Assert.Equal(new EsiCorporation("Blues", "BLU", 42, 99000001), corporation.Value);
    }

    [Fact]
    public async Task Character_and_alliance_are_read()
    {
        using var host = new EsiTestHost((req, _) => req.Uri.AbsolutePath.StartsWith("/characters", StringComparison.Ordinal)
            ? Json("""{"name":"Alice","corporation_id":98000001,"birthday":"2010-01-01T00:00:00Z"}""")
            : Json("""{"name":"Blue Alliance","ticker":"BLUE","executor_corporation_id":98000001}"""));

        var character = await host.Client.GetCharacterAsync(1, Ct);
        var alliance = await host.Client.GetAllianceAsync(2, Ct);

        Assert.Equal(new EsiCharacter("Alice", 98000001), character.Value);
        Assert.Equal(new EsiAlliance("Blue Alliance", "BLUE", 98000001), alliance.Value);
    }

    [Fact]
    public async Task A_503_is_retried_and_the_success_returned_after_exactly_two_calls()
    {
        using var host = new EsiTestHost((_, index) => index == 0 ? Status(HttpStatusCode.ServiceUnavailable) : Json("[]"));

        var result = await host.Client.GetContactsAsync(Me, Token, null, Ct);

        Assert.Equal(2, host.Handler.Sent.Count);
        Assert.Empty(result.Items);
    }

    [Fact]
    public async Task Gateway_errors_give_up_after_three_attempts_as_retryable()
    {
        using var host = new EsiTestHost((_, _) => Status(HttpStatusCode.BadGateway));

        var ex = await Assert.ThrowsAsync<EsiException>(() => host.Client.DeleteContactsAsync(Me, Token, [1], Ct));

        Assert.Equal(3, host.Handler.Sent.Count);
        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.True(ex.IsRetryable);
    }

    [Fact]
    public async Task A_read_that_times_out_is_retried_when_the_attempt_timeout_passes_and_succeeds()
    {
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = new EsiTestHost((_, index, ct) => index == 0 ? HangAsync(hung, ct) : Task.FromResult(Json("[]")));

        var call = host.Client.GetContactsAsync(Me, Token, null, Ct);
        await hung.Task.WaitAsync(Ct);
        host.Time.Advance(new EsiClientOptions().AttemptTimeout);
        var result = await SafetyNet(call);

        Assert.Equal(2, host.Handler.Sent.Count);
        Assert.Empty(result.Items);
    }

    [Fact]
    public async Task An_add_that_times_out_is_not_repeated_and_fails_retryable()
    {
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = new EsiTestHost((_, index, ct) => index == 0 ? HangAsync(hung, ct) : Task.FromResult(Json("[7]", HttpStatusCode.Created)));

        var call = host.Client.AddContactsAsync(Me, Token, [7], 5, [], watched: false, Ct);
        await hung.Task.WaitAsync(Ct);
        host.Time.Advance(new EsiClientOptions().AttemptTimeout);
        var ex = await Assert.ThrowsAsync<EsiException>(() => SafetyNet(call));

        // The game may have applied the first attempt; only a fresh read can tell, so the client does not guess.
        Assert.Single(host.Handler.Sent);
        Assert.True(ex.IsRetryable);
        Assert.Contains("could not be reached", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_and_the_success_returned()
    {
        using var host = new EsiTestHost((_, index) => index == 0 ? throw new HttpRequestException("Connection refused (esi.test:443)") : Json("[]"));

        var result = await host.Client.GetContactLabelsAsync(Me, Token, null, Ct);

        Assert.Equal(2, host.Handler.Sent.Count);
        Assert.Empty(result.Items);
    }

    [Fact]
    public async Task An_add_whose_connection_fails_is_not_repeated()
    {
        using var host = new EsiTestHost((_, _) => throw new HttpRequestException("Connection reset by peer"));

        var ex = await Assert.ThrowsAsync<EsiException>(() => host.Client.AddContactsAsync(Me, Token, [7], 5, [], watched: false, Ct));

        Assert.Single(host.Handler.Sent);
        Assert.True(ex.IsRetryable);
        Assert.Contains("Connection reset by peer", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>EVE that takes the request and never answers, until the client gives up.</summary>
    private static async Task<HttpResponseMessage> HangAsync(TaskCompletionSource hung, CancellationToken ct)
    {
        hung.TrySetResult();
        await Task.Delay(Timeout.Infinite, ct);
        throw new InvalidOperationException("unreachable: the delay only ends by cancellation");
    }

    /// <summary>Only a guard against a hang; the fake clock decides when the call ends.</summary>
    private static Task<T> SafetyNet<T>(Task<T> call) => call.WaitAsync(TimeSpan.FromMinutes(1), Ct);

    [Theory]
    [InlineData(400, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(420, true)]
    [InlineData(429, true)]
    public async Task Client_errors_are_not_retried_and_carry_status_and_esi_error(int status, bool retryable)
    {
        using var host = new EsiTestHost((_, _) => Json("""{"error":"nope"}""", (HttpStatusCode)status));

        var ex = await Assert.ThrowsAsync<EsiException>(() => host.Client.AddContactsAsync(Me, Token, [1], 5, [], false, Ct));

        Assert.Single(host.Handler.Sent);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal("nope", ex.EsiError);
        Assert.Equal(retryable, ex.IsRetryable);
        Assert.Equal("POST /characters/{character_id}/contacts", ex.Route);
        Assert.Contains($"returned {status}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nope", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""[{"contact_type":"character","standing":5}]""")]
    [InlineData("""{"contact_id":1}""")]
    [InlineData("null")]
    public async Task A_malformed_body_is_an_esi_exception_naming_the_route(string body)
    {
        using var host = new EsiTestHost((_, _) => Json(body));

        var ex = await Assert.ThrowsAsync<EsiException>(() => host.Client.GetContactsAsync(Me, Token, null, Ct));

        Assert.Contains("GET /characters/{character_id}/contacts", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"character {Me}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Retryable: no", ex.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.False(ex.IsRetryable);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_error_page_is_cut_to_200_characters_ending_in_an_ellipsis()
    {
        using var host = new EsiTestHost((_, _) => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent(new string('x', 5000)) });

        var ex = await Assert.ThrowsAsync<EsiException>(() => host.Client.DeleteContactsAsync(Me, Token, [1], Ct));

        Assert.Equal(new string('x', 199) + "…", ex.EsiError);
    }

    [Fact]
    public async Task The_access_token_never_appears_in_exception_messages_even_when_esi_echoes_it()
    {
        // A misbehaving server (or proxy) that echoes the Authorization header back in its error text.
        using var host = new EsiTestHost((req, _) =>
            Json(JsonSerializer.Serialize(new { error = $"bad token {req.Header("Authorization")}" }), HttpStatusCode.Forbidden));
        using var plain = new EsiTestHost((req, _) => new HttpResponseMessage(HttpStatusCode.Unauthorized)
        {
            Content = new StringContent($"<html>token {req.Header("Authorization")!["Bearer ".Length..]}</html>"),
        });

        var ex = await Assert.ThrowsAsync<EsiException>(() => host.Client.GetContactLabelsAsync(Me, Token, null, Ct));
        var ex2 = await Assert.ThrowsAsync<EsiException>(() => plain.Client.DeleteContactsAsync(Me, Token, [1], Ct));

        Assert.Equal(Token, host.Handler.Sent.Single().Header("Authorization")!["Bearer ".Length..]);
        foreach (var e in new[] { ex, ex2 })
        {
            Assert.DoesNotContain(Token, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, e.EsiError ?? "", StringComparison.Ordinal);
            Assert.Contains("[redacted]", e.Message, StringComparison.Ordinal);
        }
    }

    private sealed class FixedAddress(Uri uri) : IEsiBaseAddress
    {
        public Uri BaseAddress => uri;
    }
}
