namespace StandingsManager.App.Security;

/// <summary>
/// Headers on every response that limit what a browser lets a page do: scripts only from the app itself, no framing by
/// other sites, no MIME sniffing. Blazor Server needs nothing more than 'self' (its WebSocket included); MudBlazor sets
/// inline styles, so styles allow 'unsafe-inline'.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The one inline handler the app uses: <c>onerror="this.remove()"</c> on EVE's images (EveAvatar), allowed by its hash.</summary>
    private const string AvatarErrorHandler = "'sha256-9f8ZK5epjuMsYtXFjPqrgJI0L4QOAUYmJdHtT+RSH/c='";

    public const string ContentSecurityPolicy =
        "default-src 'self'; " +
        $"script-src 'self' 'unsafe-hashes' {AvatarErrorHandler}; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: https://images.evetech.net; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>
    /// The policy for a page whose form may also lead to <paramref name="origin"/>: browsers apply form-action to the
    /// redirect a form post answers with, as the simulated SSO's does when another app on this machine uses it as its EVE.
    /// </summary>
    public static string AllowingFormsTo(Uri origin) =>
        ContentSecurityPolicy.Replace("form-action 'self';", $"form-action 'self' {origin.GetLeftPart(UriPartial.Authority)};", StringComparison.Ordinal);

    /// <summary>The policy for a page whose own inline scripts, and only those, may run: each allowed by its hash.</summary>
    public static string AllowingInlineScripts(IEnumerable<string> hashes) =>
        ContentSecurityPolicy.Replace("script-src 'self'", $"script-src 'self' {string.Join(' ', hashes.Select(h => $"'sha256-{h}'"))}", StringComparison.Ordinal);

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY"; // frame-ancestors for browsers that predate it
            return next(context);
        });
        return app;
    }
}
