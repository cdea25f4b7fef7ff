using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using StandingsManager.App.Demo;
using StandingsManager.Core.Eve.Sso;

namespace StandingsManager.Tests.MultiInstance;

/// <summary>
/// A character's contacts as the simulated EVE of another process holds them, read the way any EVE client reads them:
/// the character's own grant from that SSO (authorize, then the code for a token) and ESI's contacts route.
/// </summary>
public sealed class SimulatedEveContacts(Uri eve) : IDisposable
{
    private readonly HttpClient _client = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = eve };
    private readonly Dictionary<long, string> _tokens = [];

    public sealed record Contact(long ContactId, string ContactType, double Standing, long[] LabelIds);

    /// <summary>Every contact of the character, all pages.</summary>
    public async Task<IReadOnlyList<Contact>> OfAsync(long characterId)
    {
        var token = await TokenAsync(characterId);
        var contacts = new List<Contact>();
        for (var page = 1; ; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/characters/{characterId}/contacts?page={page}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            contacts.AddRange(body.RootElement.EnumerateArray().Select(c => new Contact(
                c.GetProperty("contact_id").GetInt64(), c.GetProperty("contact_type").GetString()!, c.GetProperty("standing").GetDouble(),
                c.TryGetProperty("label_ids", out var labels) ? [.. labels.EnumerateArray().Select(l => l.GetInt64())] : [])));
            var pages = response.Headers.TryGetValues("X-Pages", out var values) ? int.Parse(values.First(), System.Globalization.CultureInfo.InvariantCulture) : 1;
            if (page >= pages)
                return contacts;
        }
    }

    private async Task<string> TokenAsync(long characterId)
    {
        if (_tokens.TryGetValue(characterId, out var cached))
            return cached;
        const string redirect = "http://127.0.0.1/callback";
        // The character presses its button on the SSO's page: the answer is the redirect carrying the code.
        using var authorized = await _client.PostAsync(EveSsoEndpoints.AuthorizePath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["redirect_uri"] = redirect,
            ["scope"] = EveScopes.ReadContacts,
            ["state"] = "test",
            ["character_id"] = characterId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, authorized.StatusCode);
        var code = System.Web.HttpUtility.ParseQueryString(authorized.Headers.Location!.Query)["code"]!;
        using var issued = await _client.PostAsync(EveSsoEndpoints.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirect,
            ["client_id"] = DemoEve.ClientId,
            ["client_secret"] = DemoEve.ClientSecret,
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        using var body = JsonDocument.Parse(await issued.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return _tokens[characterId] = body.RootElement.GetProperty("access_token").GetString()!;
    }

    public void Dispose() => _client.Dispose();
}
