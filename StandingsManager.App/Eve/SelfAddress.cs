using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace StandingsManager.App.Eve;

/// <summary>This process's own loopback address: where demo mode's simulated EVE answers.</summary>
public sealed class SelfAddress(IServer server)
{
    public Uri BaseUri
    {
        get
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The server has no address yet; the simulated EVE cannot be reached.");
            var uri = new UriBuilder(address.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal));
            if (uri.Host is "0.0.0.0" or "[::]" or "::")
                uri.Host = "localhost";
            return new Uri(uri.Uri.GetLeftPart(UriPartial.Authority));
        }
    }
}
