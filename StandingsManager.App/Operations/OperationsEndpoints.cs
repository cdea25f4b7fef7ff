using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using StandingsManager.App.Deployment;
using StandingsManager.Core.Operations;

namespace StandingsManager.App.Operations;

/// <summary><c>/healthz</c> for the operator's monitor, and <c>/metrics</c> for Prometheus when configured.</summary>
public static class OperationsEndpoints
{
    public const string HealthPath = "/healthz";
    public const string MetricsPath = "/metrics";

    private static readonly JsonSerializerOptions HealthJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    public static WebApplicationBuilder AddHealthAndMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();

        // Read here as well as validated: the exporter and the extra port are wired before the host exists.
        var metrics = builder.Configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>() ?? new MetricsOptions();
        if (!metrics.Enabled)
            return builder;
        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(StandingsMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        if (metrics.Port is { } port and >= 1 and <= 65535)
            builder.WebHost.UseUrls([.. ListeningUrls(builder.Configuration), $"http://+:{port}"]);
        return builder;
    }

    public static WebApplication MapHealthAndMetrics(this WebApplication app)
    {
        app.MapGet(HealthPath, async (HealthProbe probe, HttpContext context) =>
        {
            var report = await probe.CheckAsync(context.RequestAborted);
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(report, HealthJson, statusCode: report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous().AllowPlainHttp().ExcludeFromDescription(); // monitors on the machine may probe over plain HTTP

        var metrics = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (metrics.Enabled)
        {
            // The port the connection arrived on, not the Host header: a header is the client's to choose.
            var port = metrics.Port;
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                context.Request.Path == MetricsPath && (port is null || context.Connection.LocalPort == port));
        }
        return app;
    }

    /// <summary>
    /// The metrics port serves <c>/metrics</c> and nothing else: it is plain HTTP on every interface, so the app's pages,
    /// sign-in and forwarded-header claims must not be reachable through it.
    /// </summary>
    public static WebApplication UseMetricsPortForMetricsOnly(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // Read per request (a cached singleton): reading at pipeline build would validate before the start-up check that reports every problem.
            var metrics = context.RequestServices.GetRequiredService<IOptions<MetricsOptions>>().Value;
            if (metrics is { Enabled: true, Port: { } port } && context.Connection.LocalPort == port && context.Request.Path != MetricsPath)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(context);
        });
        return app;
    }

    /// <summary>The addresses the app would listen on without a metrics port, so adding one keeps them.</summary>
    public static string[] ListeningUrls(ConfigurationManager configuration)
    {
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (configuration["http_ports"] is { Length: > 0 } ports)
            return [.. ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://+:{p}")];
        return ["http://localhost:5000"]; // Kestrel's own default
    }
}
