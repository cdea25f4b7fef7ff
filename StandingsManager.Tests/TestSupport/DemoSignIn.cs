using System.Net;
using System.Text.RegularExpressions;

namespace StandingsManager.Tests.TestSupport;

/// <summary>An HTTP client with cookies that signs in through the simulated EVE SSO exactly as a browser does.</summary>
public sealed partial class DemoSignIn : IDisposable
{
    private readonly HttpClientHandler _handler = new() { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };

    public DemoSignIn(Uri baseAddress) => Client = new HttpClient(_handler) { BaseAddress = baseAddress };

    /// <summary>A browser on HTTPS in front of a TLS-terminating proxy that forwards plain HTTP to the app (see <see cref="TlsProxy"/>).</summary>
    public DemoSignIn(Uri baseAddress, TlsProxy proxy)
    {
        _handler.UseCookies = false;
        proxy.InnerHandler = _handler;
        Proxy = proxy;
        Client = new HttpClient(proxy) { BaseAddress = new UriBuilder(baseAddress) { Scheme = Uri.UriSchemeHttps }.Uri };
    }

    public HttpClient Client { get; }

    public TlsProxy? Proxy { get; }

    /// <summary>The session's cookies, for clients other than <see cref="Client"/> (a SignalR connection, say).</summary>
    public CookieContainer Cookies => Proxy?.Cookies ?? _handler.CookieContainer;

    /// <summary>Runs /auth/login → authorize page → pick character → callback; returns where the app finally sends the browser.</summary>
    public Task<Uri> SignInAsync(long characterId, string returnUrl = "/") =>
        RoundTripAsync($"/auth/login?returnUrl={Uri.EscapeDataString(returnUrl)}", characterId);

    /// <summary>As <see cref="SignInAsync"/>, with the returnUrl query value exactly as given (already encoded, or not).</summary>
    public Task<Uri> SignInWithRawReturnUrlAsync(long characterId, string rawReturnUrl) =>
        RoundTripAsync($"/auth/login?returnUrl={rawReturnUrl}", characterId);

    /// <summary>The "Add character" round-trip of a signed-in user, granting whatever scopes the app asks for.</summary>
    public Task<Uri> AddCharacterAsync(long characterId, string start = "/auth/add-character") => RoundTripAsync(start, characterId);

    /// <summary>The scopes the app asked for in its last authorize request.</summary>
    public string? LastRequestedScopes { get; private set; }

    /// <summary>Runs /auth/login → authorize page → Cancel → callback (EVE's error=access_denied); returns where the app sends the browser.</summary>
    public Task<Uri> CancelSignInAsync(string returnUrl = "/") =>
        RoundTripAsync($"/auth/login?returnUrl={Uri.EscapeDataString(returnUrl)}", characterId: null);

    private async Task<Uri> RoundTripAsync(string start, long? characterId)
    {
        var challenge = await Client.GetAsync(start);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorizeUrl = new Uri(Client.BaseAddress!, challenge.Headers.Location!);
        var page = await Client.GetStringAsync(authorizeUrl);
        var state = StateField().Match(page).Groups[1].Value;
        var redirectUri = RedirectField().Match(page).Groups[1].Value;
        LastRequestedScopes = WebUtility.HtmlDecode(ScopeField().Match(page).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(state), "the authorize page carries the OAuth state");

        var form = new Dictionary<string, string>
        {
            ["redirect_uri"] = WebUtility.HtmlDecode(redirectUri),
            ["scope"] = LastRequestedScopes ?? "",
            ["state"] = WebUtility.HtmlDecode(state),
        };
        // The button pressed: a character, or Cancel.
        if (characterId is { } id)
            form["character_id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        else
            form["cancel"] = "1";
        var picked = await Client.PostAsync(authorizeUrl.GetLeftPart(UriPartial.Path), new FormUrlEncodedContent(form));
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

    /// <summary>
    /// What the app sees behind a TLS-terminating proxy: the browser speaks HTTPS (so it keeps and sends Secure cookies),
    /// and the proxy forwards each request over plain HTTP with <c>X-Forwarded-Proto: https</c>. With
    /// <paramref name="forwardProto"/> off, the proxy forgets that header and the app sees plain HTTP.
    /// </summary>
    public sealed class TlsProxy(bool forwardProto = true) : DelegatingHandler
    {
        private readonly List<string> _setCookies = [];

        public CookieContainer Cookies { get; } = new();

        /// <summary>Every Set-Cookie header the app sent.</summary>
        public IReadOnlyList<string> SetCookies => _setCookies;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // The browser is on HTTPS, whatever scheme the app put in a redirect it built from a plain-HTTP request.
            var browserUri = new UriBuilder(request.RequestUri!) { Scheme = Uri.UriSchemeHttps }.Uri;
            if (Cookies.GetCookieHeader(browserUri) is { Length: > 0 } cookies)
                request.Headers.Add("Cookie", cookies);
            request.RequestUri = new UriBuilder(browserUri) { Scheme = Uri.UriSchemeHttp }.Uri;
            if (forwardProto)
            {
                request.Headers.Add("X-Forwarded-Proto", "https");
                request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            }
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    _setCookies.Add(setCookie);
                    Cookies.SetCookies(browserUri, setCookie);
                }
            }
            return response;
        }
    }
}
