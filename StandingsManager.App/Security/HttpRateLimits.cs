using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using StandingsManager.App.Api;
using StandingsManager.App.Auth;
using StandingsManager.App.Components.Layout;
using StandingsManager.App.Operations;
using StandingsManager.Core.Operations;

namespace StandingsManager.App.Security;

/// <summary>
/// What anonymous visitors can make the server do, limited (<see cref="RateLimitOptions"/>): <c>/healthz</c> per IP
/// address, and starting open pages (a Blazor circuit starts with a negotiate request) per IP address or, signed in,
/// per account. A refused request gets 429 with Retry-After and "try again in N s", in the browser's language (the API's
/// problem details stay English: programs read them).
/// </summary>
public static class HttpRateLimits
{
    public const string CircuitStartPath = "/_blazor/negotiate";

    public static WebApplicationBuilder AddHttpRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            o.OnRejected = async (context, ct) =>
            {
                if (ApiProblems.IsApi(context.HttpContext))
                {
                    await ApiAccess.RejectAsync(context);
                    return;
                }
                var window = Limits(context.HttpContext).Window;
                var seconds = RateLimitText.Seconds(context.Lease, window);
                context.HttpContext.Response.Headers.RetryAfter = seconds;
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                // Request localization ran before the limiter, so the culture is the visitor's.
                IStringLocalizer<FrameText> texts = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<FrameText>>();
                await context.HttpContext.Response.WriteAsync(texts["RateLimit.TryAgain", seconds], ct);
            };
        });
        return builder;
    }

    /// <summary>After authentication, so a signed-in member counts by account.</summary>
    public static WebApplication UseHttpRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.Equals(OperationsEndpoints.HealthPath, StringComparison.OrdinalIgnoreCase))
            return Fixed($"health|{Address(context)}", Limits(context).HealthChecks, Limits(context).Window);
        if (path.Equals(CircuitStartPath, StringComparison.OrdinalIgnoreCase))
        {
            var who = context.User.AccountId() is { } accountId ? $"account:{accountId.ToString(CultureInfo.InvariantCulture)}" : Address(context);
            return Fixed($"circuit|{who}", Limits(context).CircuitStarts, Limits(context).Window);
        }
        return RateLimitPartition.GetNoLimiter("");
    }

    private static RateLimitPartition<string> Fixed(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitOptions Limits(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
}
