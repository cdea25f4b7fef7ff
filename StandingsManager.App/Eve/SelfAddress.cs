using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using StandingsManager.App.Operations;

namespace StandingsManager.App.Eve;

/// <summary>This process's own loopback address: where demo mode's simulated EVE answers.</summary>
public sealed class SelfAddress(IServer server, IOptions<MetricsOptions> metrics)
{
    public Uri BaseUri
    {
        get
        {
            var all = (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Select(Reachable).ToList();
            // Not the metrics port, which answers /metrics only, unless the app listens on nothing else.
            var others = all.Where(a => a.Port != metrics.Value.Port).ToList();
            var addresses = others.Count > 0 ? others : all;
            var address = addresses.FirstOrDefault(a => a.Scheme == Uri.UriSchemeHttp) ?? addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The server has no address yet; the simulated EVE cannot be reached.");
            return new Uri(address.GetLeftPart(UriPartial.Authority));
        }
    }

    /// <summary>A listening address as a client reaches it: wildcards become localhost.</summary>
    private static Uri Reachable(string address)
    {
        var uri = new UriBuilder(address.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
            uri.Host = "localhost";
        return uri.Uri;
    }
}
