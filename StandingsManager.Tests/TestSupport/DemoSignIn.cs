using System.Net;
using System.Text.RegularExpressions;

namespace StandingsManager.Tests.TestSupport;

/// <summary>An HTTP client with cookies that signs in through the simulated EVE SSO exactly as a browser does.</summary>
public sealed partial class DemoSignIn : IDisposable
{
    private readonly HttpClientHandler _handler = new() { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };

    public DemoSignIn(Uri baseAddress) => Client = new HttpClient(_handler) { BaseAddress = baseAddress };

    public HttpClient Client { get; }

    /// <summary>The session's cookies, for clients other than <see cref="Client"/> (a SignalR connection, say).</summary>
    public CookieContainer Cookies => _handler.CookieContainer;

    /// <summary>Runs /auth/login → authorize page → pick character → callback; returns where the app finally sends the browser.</summary>
    public Task<Uri> SignInAsync(long characterId, string returnUrl = "/") =>
        RoundTripAsync($"/auth/login?returnUrl={Uri.EscapeDataString(returnUrl)}", characterId);

    /// <summary>As <see cref="SignInAsync"/>, with the returnUrl query value exactly as given (already encoded, or not).</summary>
    public Task<Uri> SignInWithRawReturnUrlAsync(long characterId, string rawReturnUrl) =>
        RoundTripAsync($"/auth/login?returnUrl={rawReturnUrl}", characterId);

    /// <summary>The "Add character" round-trip of a signed-in user, granting whatever scopes the app asks for.</summary>
    public Task<Uri> AddCharacterAsync(long characterId) => RoundTripAsync("/auth/add-character", characterId);

    /// <summary>The scopes the app asked for in its last authorize request.</summary>
    public string? LastRequestedScopes { get; private set; }

    private async Task<Uri> RoundTripAsync(string start, long characterId)
    {
        var challenge = await Client.GetAsync(start);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorizeUrl = new Uri(Client.BaseAddress!, challenge.Headers.Location!);
        var page = await Client.GetStringAsync(authorizeUrl);
        var state = StateField().Match(page).Groups[1].Value;
        var redirectUri = RedirectField().Match(page).Groups[1].Value;
        LastRequestedScopes = WebUtility.HtmlDecode(ScopeField().Match(page).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(state), "the authorize page carries the OAuth state");

        var picked = await Client.PostAsync(authorizeUrl.GetLeftPart(UriPartial.Path), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["redirect_uri"] = WebUtility.HtmlDecode(redirectUri),
            ["scope"] = LastRequestedScopes ?? "",
            ["state"] = WebUtility.HtmlDecode(state),
            ["character_id"] = characterId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        Assert.Equal(HttpStatusCode.Redirect, picked.StatusCode);
        var callback = await Client.GetAsync(new Uri(authorizeUrl, picked.Headers.Location!));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        return callback.Headers.Location!;
    }

    [GeneratedRegex("name=\"state\" value=\"([^\"]*)\"")]
    private static partial Regex StateField();

    [GeneratedRegex("name=\"redirect_uri\" value=\"([^\"]*)\"")]
    private static partial Regex RedirectField();

    [GeneratedRegex("name=\"scope\" value=\"([^\"]*)\"")]
    private static partial Regex ScopeField();

    public void Dispose()
    {
        Client.Dispose();
        _handler.Dispose();
    }
}
