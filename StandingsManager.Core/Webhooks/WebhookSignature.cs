using System.Security.Cryptography;
using System.Text;

namespace StandingsManager.Core.Webhooks;

/// <summary>
/// <c>X-Standings-Signature: sha256=&lt;hex&gt;</c>: HMAC-SHA256 over the exact body bytes, keyed with the webhook's
/// secret (its UTF-8 bytes), in lower-case hex.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "sha256=";

    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>A new secret: 32 random bytes, URL-safe base64, with a prefix that says what it is.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
