using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;

namespace StandingsManager.App.Hubs;

public static class SyncHubExtensions
{
    /// <summary>The SignalR hub for external clients, fed by a hosted bridge from the in-process sync events.</summary>
    public static WebApplicationBuilder AddSyncHub(this WebApplicationBuilder builder)
    {
        // Enum names ("Finished", "Error") are the contract outside clients read, not their numbers.
        builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddHostedService<SyncHubBridge>();
        builder.Services.AddSingleton<SyncHubGuard>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SyncHubGuard>());

        // A hub client cannot follow a redirect to the sign-in page: it gets the status code instead.
        builder.Services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            var toLogin = o.Events.OnRedirectToLogin;
            var toAccessDenied = o.Events.OnRedirectToAccessDenied;
            o.Events.OnRedirectToLogin = context => IsHubRequest(context.HttpContext)
                ? AnswerAsync(context.HttpContext, StatusCodes.Status401Unauthorized)
                : toLogin(context);
            o.Events.OnRedirectToAccessDenied = context => IsHubRequest(context.HttpContext)
                ? AnswerAsync(context.HttpContext, StatusCodes.Status403Forbidden)
                : toAccessDenied(context);
        });
        return builder;
    }

    public static WebApplication MapSyncHub(this WebApplication app)
    {
        // A page on another site must not open the hub with the visitor's cookie (cross-site WebSocket hijacking).
        app.UseWhen(IsHubRequest, hub => hub.Use((context, next) =>
            IsSameOrigin(context.Request) ? next(context) : AnswerAsync(context, StatusCodes.Status403Forbidden)));
        app.MapHub<SyncHub>(SyncHub.Path);
        return app;
    }

    /// <summary>
    /// No Origin header: not a browser page (a CLI, another service), which a cookie-stealing page cannot be. Otherwise the
    /// origin's host and port must be the ones the request was sent to.
    /// </summary>
    internal static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
            return true;
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsHubRequest(HttpContext context) => context.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase);

    private static Task AnswerAsync(HttpContext context, int statusCode)
    {
        context.Response.StatusCode = statusCode;
        // The status code pages would answer with the HTML not-found page: a hub client wants the bare status.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            pages.Enabled = false;
        return Task.CompletedTask;
    }
}
