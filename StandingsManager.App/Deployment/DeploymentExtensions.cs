using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using StandingsManager.App.Operations;

namespace StandingsManager.App.Deployment;

/// <summary>How a published instance meets the network: forwarded headers from known proxies only, and HTTPS or an explanation.</summary>
public static class DeploymentExtensions
{
    /// <summary>ASP.NET Core's environment switch (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>), which would trust every address.</summary>
    private const string EnvironmentSwitch = "ForwardedHeaders_Enabled";

    public static WebApplicationBuilder AddDeployment(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TrustedProxyOptions>, TrustedProxyOptionsValidator>();
        // Post-configured, after the host's defaults: the environment switch clears the known proxies there, and this puts
        // them back, so the switch can no longer open the headers to any client.
        builder.Services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<TrustedProxyOptions>>((o, proxies) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var network in proxies.Value.TrustedNetworks())
                o.KnownIPNetworks.Add(network);
        });
        return builder;
    }

    /// <summary>First in the pipeline: forwarded headers, the metrics port's own rule, then HTTPS for everything else.</summary>
    public static WebApplication UseDeployment(this WebApplication app)
    {
        if (string.Equals(app.Configuration[EnvironmentSwitch], "true", StringComparison.OrdinalIgnoreCase))
            app.Logger.LogWarning("ASPNETCORE_FORWARDEDHEADERS_ENABLED no longer makes the app trust every address: forwarded headers count only from ForwardedHeaders:KnownProxies (loopback by default). Remove the variable.");
        app.UseForwardedHeaders();
        app.UseMetricsPortForMetricsOnly();
        // Where cookies are Secure (outside Development), plain HTTP cannot work: say so instead of failing.
        if (app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy == CookieSecurePolicy.Always)
            app.UseMiddleware<HttpsRequirement>();
        return app;
    }

    /// <summary>Lets machines call the endpoint over plain HTTP (loopback health checks, the demo's own back-channel).</summary>
    public static TBuilder AllowPlainHttp<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(PlainHttpAllowed.Instance);
}
