using Microsoft.Extensions.Options;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;

namespace StandingsManager.App.Auth;

/// <summary>
/// Where EVE SSO is. Configured: <c>Eve:SsoBaseUrl</c> (default EVE's). Demo mode without one: this
/// very process, reached over loopback HTTP like any other SSO server.
/// </summary>
public sealed class EveSsoLocator(IOptions<EveOptions> options, Eve.SelfAddress self) : IEveSsoSettings
{
    public string ClientId => options.Value.IsDemo ? Demo.DemoEve.ClientId : options.Value.ClientId!;

    public string ClientSecret => options.Value.IsDemo ? Demo.DemoEve.ClientSecret : options.Value.ClientSecret!;

    public string CallbackPath => options.Value.CallbackPath;

    public bool IsSelfHosted => options.Value.IsDemo && options.Value.SsoBaseUrl is null;

    /// <summary>The endpoints the server calls (token, JWKS).</summary>
    public EveSsoEndpoints BackChannel => new(IsSelfHosted ? self.BaseUri : new Uri(options.Value.SsoBaseUrl ?? EveOptions.DefaultSsoBaseUrl));

    /// <summary>The authorize URL the browser is sent to; relative when the app is its own SSO, so it works behind any host name.</summary>
    public string BrowserAuthorizeUrl => IsSelfHosted ? EveSsoEndpoints.AuthorizePath : BackChannel.Authorize.ToString();
}
