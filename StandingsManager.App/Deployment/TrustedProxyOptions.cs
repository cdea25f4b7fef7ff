using System.Net;
using Microsoft.Extensions.Options;

namespace StandingsManager.App.Deployment;

/// <summary><c>ForwardedHeaders</c>: the reverse proxies whose <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> the app believes.</summary>
public sealed class TrustedProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses (<c>10.0.0.2</c>) or networks (<c>10.0.0.0/24</c>) of the proxies; empty means loopback only.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>What the app trusts: the configured proxies, or loopback when none are named.</summary>
    public IEnumerable<IPNetwork> TrustedNetworks() => KnownProxies.Length == 0
        ? [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")]
        : KnownProxies.Select(p => Parse(p)!.Value);

    /// <summary>An address is a network of one; null when the text is neither.</summary>
    internal static IPNetwork? Parse(string? text)
    {
        text = text?.Trim();
        // IPAddress alone also reads "5000" as 0.0.19.136: an address must look like one.
        if (string.IsNullOrEmpty(text) || !text.Contains('.', StringComparison.Ordinal) && !text.Contains(':', StringComparison.Ordinal))
            return null;
        if (IPNetwork.TryParse(text, out var network))
            return network;
        return IPAddress.TryParse(text, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8) : null;
    }
}

public sealed class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        var problems = new List<string>();
        for (var i = 0; i < options.KnownProxies.Length; i++)
        {
            if (TrustedProxyOptions.Parse(options.KnownProxies[i]) is null)
                problems.Add($"{TrustedProxyOptions.SectionName}:KnownProxies:{i} is '{options.KnownProxies[i]}', which is not an IP address (like 10.0.0.2) or network (like 10.0.0.0/24).");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
