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
        app.MapHub<SyncHub>(SyncHub.Path);
        return app;
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
