using System.Net;
using System.Net.Sockets;
using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Webhooks;

/// <summary>Thrown when a webhook's address is not one the app may post to; the message says why, for the page.</summary>
/// <summary>An address the rule refuses; <see cref="Said"/> says why in any language (the relay stores it for every reader).</summary>
public sealed class WebhookAddressException(Phrase said) : Exception(said.Render())
{
    public Phrase Said { get; } = said;
}

/// <summary>
/// The address rule: a webhook posts to the public internet only. Its URL is checked when it is registered, and every
/// connection checks the addresses the name resolves to then (DNS may change), connecting only to an address it checked.
/// <see cref="WebhooksOptions.AllowNonPublicAddresses"/> lifts the rule.
/// </summary>
public static class WebhookAddresses
{
    public const int MaxUrlLength = 500;

    /// <summary>The URL's own problem (syntax, scheme), or null; the addresses it resolves to are <see cref="ResolveAsync"/>'s.</summary>
    public static string? CheckUrl(string? url, bool allowNonPublic, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url))
            return CoreText.Get("Webhooks.Url.Missing");
        url = url.Trim();
        if (url.Length > MaxUrlLength)
            return CoreText.Format("Webhooks.Url.TooLong", MaxUrlLength);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http") || string.IsNullOrEmpty(parsed.Host))
            return CoreText.Get("Webhooks.Url.NotAddress");
        if (!string.IsNullOrEmpty(parsed.UserInfo))
            return CoreText.Get("Webhooks.Url.UserInfo");
        if (parsed.Scheme == "http" && !(allowNonPublic && parsed.IsLoopback))
            return CoreText.Get("Webhooks.Url.NotHttps");
        uri = parsed;
        return null;
    }

    /// <summary>The addresses <paramref name="host"/> resolves to, all of them public (unless allowed); else a <see cref="WebhookAddressException"/>.</summary>
    public static async Task<IPAddress[]> ResolveAsync(string host, bool allowNonPublic, CancellationToken ct)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, ct);
            }
            catch (SocketException)
            {
                throw new WebhookAddressException(CoreText.Said("Webhooks.Url.NoAddress", host));
            }
        }
        if (addresses.Length == 0)
            throw new WebhookAddressException(CoreText.Said("Webhooks.Url.NoAddress", host));
        if (!allowNonPublic && addresses.FirstOrDefault(a => !IsPublic(a)) is { } inside)
        {
            throw new WebhookAddressException(CoreText.Said("Webhooks.Url.NotPublic", host, inside));
        }
        return addresses;
    }

    /// <summary>Whether the address is on the public internet: not loopback, private, link-local, shared, multicast, documentation or reserved.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !(b[0] == 0                                   // "this" network
                || b[0] == 10                                     // RFC 1918
                || (b[0] == 100 && (b[1] & 0xC0) == 64)           // shared (carrier-grade NAT), 100.64/10
                || b[0] == 127                                    // loopback
                || (b[0] == 169 && b[1] == 254)                   // link-local
                || (b[0] == 172 && (b[1] & 0xF0) == 16)           // RFC 1918, 172.16/12
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)   // IETF protocol assignments, TEST-NET-1
                || (b[0] == 192 && b[1] == 168)                   // RFC 1918
                || (b[0] == 198 && (b[1] & 0xFE) == 18)           // benchmarking, 198.18/15
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)     // TEST-NET-2
                || (b[0] == 203 && b[1] == 0 && b[2] == 113)      // TEST-NET-3
                || b[0] >= 224);                                  // multicast, reserved, broadcast
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return false;
        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback))
            return false;
        if ((b[0] & 0xFE) == 0xFC                                 // unique local, fc00::/7
            || (b[0] == 0xFE && (b[1] & 0xC0) is 0x80 or 0xC0)    // link-local fe80::/10, old site-local fec0::/10
            || b[0] == 0xFF                                       // multicast
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // documentation, 2001:db8::/32
            || (b[0] == 0x01 && b[1] == 0x00 && b.Skip(2).Take(6).All(x => x == 0))) // discard, 100::/64
            return false;
        // Addresses that carry an IPv4 address inside: NAT64 (64:ff9b::/96), 6to4 (2002::/16), IPv4-compatible (::/96).
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b.Skip(4).Take(8).All(x => x == 0))
            return IsPublic(new IPAddress(b[12..16]));
        if (b[0] == 0x20 && b[1] == 0x02)
            return IsPublic(new IPAddress(b[2..6]));
        if (b.Take(12).All(x => x == 0))
            return false;
        return true;
    }

    /// <summary>
    /// The webhook client's connect step: resolves the host, checks every address, and connects to a checked one, so a
    /// name that changes between the check and the connection cannot slip past the rule.
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectCallback(Func<bool> allowNonPublic) =>
        async (context, ct) =>
        {
            var addresses = await ResolveAsync(context.DnsEndPoint.Host, allowNonPublic(), ct);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}
