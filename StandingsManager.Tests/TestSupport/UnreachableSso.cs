using StandingsManager.App.Demo;
using StandingsManager.Core.Eve.Sso;

namespace StandingsManager.Tests.TestSupport;

/// <summary>SSO settings pointing at a closed port: nothing reaches an SSO unless a test means it to fail.</summary>
public sealed class UnreachableSso : IEveSsoSettings
{
    public EveSsoEndpoints BackChannel => new(new Uri("http://127.0.0.1:1"));
    public string ClientId => DemoEve.ClientId;
    public string ClientSecret => DemoEve.ClientSecret;
}
