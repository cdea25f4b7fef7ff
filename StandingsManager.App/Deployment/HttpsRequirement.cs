using System.Net;

namespace StandingsManager.App.Deployment;

/// <summary>
/// Outside Development every cookie is Secure, so a page served over plain HTTP cannot work (antiforgery refuses to
/// issue its cookie and the render fails). Such a request gets a short page that says how to reach the app over HTTPS,
/// and the log one warning, not a stack trace per request. Machine endpoints (health, metrics, the demo's back-channel)
/// opt out with <see cref="DeploymentExtensions.AllowPlainHttp{TBuilder}"/>.
/// </summary>
internal sealed class HttpsRequirement(RequestDelegate next, ILogger<HttpsRequirement> logger)
{
    private int _warnedWithoutHeader;
    private int _warnedUntrustedHeader;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.IsHttps || context.GetEndpoint()?.Metadata.GetMetadata<PlainHttpAllowed>() is not null
            || context.Request.Path == Operations.OperationsEndpoints.MetricsPath) // a middleware, not an endpoint
            return next(context);

        // The forwarded-headers middleware consumes the header from a trusted proxy: one still here was not believed.
        var untrusted = context.Request.Headers.ContainsKey("X-Forwarded-Proto");
        if (Interlocked.Exchange(ref untrusted ? ref _warnedUntrustedHeader : ref _warnedWithoutHeader, 1) == 0)
        {
            var remote = context.Connection.RemoteIpAddress;
            if (untrusted)
                logger.LogWarning("A request from {Remote} carried X-Forwarded-Proto, but {Remote} is not in ForwardedHeaders:KnownProxies, so it counts as plain HTTP and got the 'HTTPS required' page (400). Add the proxy's address to ForwardedHeaders:KnownProxies. Logged once.", remote, remote);
            else
                logger.LogWarning("A plain-HTTP request from {Remote} got the 'HTTPS required' page (400): the app's cookies are Secure, so it must be reached over HTTPS, through a TLS proxy that sends X-Forwarded-Proto or with Kestrel's own certificate (README, 'Running against EVE'). Logged once.", remote);
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(Page);
    }

    private const string Page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>HTTPS required · StandingsManager</title>
        <style>body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; } code { background: #eee; padding: 0 .2rem; }</style>
        </head><body>
        <h1 data-testid="https-required">StandingsManager must be reached over HTTPS</h1>
        <p>This address answers over plain HTTP. The app's sign-in and form cookies are <code>Secure</code>, so nothing works here.</p>
        <p>If you run this instance, give it HTTPS in one of two ways:</p>
        <ul>
          <li>a TLS reverse proxy (nginx, Caddy) in front of it that forwards <code>X-Forwarded-Proto: https</code>, from an
              address listed in <code>ForwardedHeaders:KnownProxies</code> (loopback by default);</li>
          <li>or Kestrel's own certificate: an <code>https://</code> address in <code>Kestrel:Endpoints</code> with its certificate.</li>
        </ul>
        <p>The README (<em>Running against EVE (production)</em>) and <code>docs/deploy.md</code> explain both.</p>
        </body></html>
        """;
}

/// <summary>Endpoint metadata: this endpoint serves machines over plain HTTP too (health checks, the demo's back-channel).</summary>
internal sealed class PlainHttpAllowed
{
    public static readonly PlainHttpAllowed Instance = new();
}
