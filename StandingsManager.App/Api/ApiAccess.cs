using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Api;
using StandingsManager.Core.Operations;

namespace StandingsManager.App.Api;

/// <summary>
/// Who may call <c>/api/v1</c>: the key scheme, one policy per scope, problem details and the per-key rate limit. The
/// cookie scheme stays the default for pages; on API paths it hands over to the key scheme, so an API call never reads
/// or writes the cookie.
/// </summary>
public static class ApiAccess
{
    public const string RateLimitPolicy = "api-key";
    public static readonly TimeSpan RateLimitWindow = TimeSpan.FromMinutes(1);

    public static string PolicyFor(string scope) => $"api:{scope}";

    public static WebApplicationBuilder AddApiAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { });
        builder.Services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme,
            o => o.ForwardDefaultSelector = context => ApiProblems.IsApi(context) ? ApiKeyAuthenticationHandler.SchemeName : null);
        builder.Services.Configure<Microsoft.AspNetCore.Authorization.AuthorizationOptions>(o =>
        {
            foreach (var scope in ApiScopes.All)
            {
                o.AddPolicy(PolicyFor(scope), p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                    .RequireAuthenticatedUser().RequireClaim(ApiScopes.ClaimType, scope));
            }
        });
        builder.Services.Configure<RateLimiterOptions>(o => o.AddPolicy(RateLimitPolicy, context =>
        {
            var permits = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RequestsPerMinute;
            var key = context.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) ?? "";
            return RateLimitPartition.GetFixedWindowLimiter($"api|{key}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = RateLimitWindow, QueueLimit = 0 });
        }));
        return builder;
    }

    /// <summary>The key's scope, its rate limit, and the 401/403/429 answers documented.</summary>
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder endpoint, string scope) =>
        endpoint.RequireAuthorization(PolicyFor(scope))
            .RequireRateLimiting(RateLimitPolicy)
            .WithMetadata(new ApiScopeMetadata(scope))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>A refused API call: 429 as problem details, with Retry-After.</summary>
    public static async Task RejectAsync(OnRejectedContext context)
    {
        var seconds = RateLimitText.Seconds(context.Lease, RateLimitWindow);
        context.HttpContext.Response.Headers.RetryAfter = seconds;
        await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
            $"This key made too many requests: try again in {seconds} s (Api:RequestsPerMinute per key).");
    }
}
