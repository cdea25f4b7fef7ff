using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace StandingsManager.App.Security;

/// <summary>
/// For pages a library renders with an inline script (the API reference's start-up call), the policy allows exactly the
/// inline scripts the page carries, by their SHA-256, and nothing else: the page is held until it is complete, hashed,
/// then sent.
/// </summary>
public static partial class InlineScriptHashes
{
    public static WebApplication UseInlineScriptHashes(this WebApplication app, PathString path)
    {
        // The page itself only (with or without its trailing slash), not the scripts it loads.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase, out var rest) && rest.Value is null or "" or "/", branch => branch.Use(async (context, next) =>
        {
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                var hashes = Hashes(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)).ToList();
                if (hashes.Count > 0)
                    context.Response.Headers.ContentSecurityPolicy = SecurityHeaders.AllowingInlineScripts(hashes);
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        }));
        return app;
    }

    /// <summary>The base64 SHA-256 of each inline script's text, as a browser computes it for script-src.</summary>
    public static IEnumerable<string> Hashes(string html) =>
        InlineScript().Matches(html).Select(m => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups["body"].Value)))).Distinct();

    // A <script> without src: its text up to </script>.
    [GeneratedRegex(@"<script(?![^>]*\bsrc\s*=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
