using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;

namespace StandingsManager.App.Auth;

/// <summary>
/// Where EVE SSO is. Configured: <c>Eve:SsoBaseUrl</c> (default EVE's). Demo mode without one: this
/// very process, reached over loopback HTTP like any other SSO server.
/// </summary>
public sealed class EveSsoLocator(IOptions<EveOptions> options, IServer server) : IEveSsoSettings
{
    public string ClientId => options.Value.IsDemo ? Demo.DemoEve.ClientId : options.Value.ClientId!;

    public string ClientSecret => options.Value.IsDemo ? Demo.DemoEve.ClientSecret : options.Value.ClientSecret!;

    public bool IsSelfHosted => options.Value.IsDemo && options.Value.SsoBaseUrl is null;

    /// <summary>The endpoints the server calls (token, JWKS).</summary>
    public EveSsoEndpoints BackChannel => new(IsSelfHosted ? SelfAddress() : new Uri(options.Value.SsoBaseUrl ?? EveOptions.DefaultSsoBaseUrl));

    /// <summary>The authorize URL the browser is sent to; relative when the app is its own SSO, so it works behind any host name.</summary>
    public string BrowserAuthorizeUrl => IsSelfHosted ? EveSsoEndpoints.AuthorizePath : BackChannel.Authorize.ToString();

    private Uri SelfAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server has no address yet; the demo SSO cannot be reached.");
        var uri = new UriBuilder(address.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
            uri.Host = "localhost";
        return new Uri(uri.Uri.GetLeftPart(UriPartial.Authority));
    }
}
