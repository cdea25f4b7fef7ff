using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace StandingsManager.App.Api;

/// <summary>RFC 9457 problem details for the API's refusals, with a detail a program's author can act on.</summary>
public static class ApiProblems
{
    public const string PathPrefix = "/api/v1";
    public const string ContentType = "application/problem+json";

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);

    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }

    /// <summary>
    /// After the app's status code pages: an API error without a body (a parameter that does not bind, a wrong method)
    /// becomes a problem, not the app's not-found page.
    /// </summary>
    public static IApplicationBuilder UseApiStatusProblems(this IApplicationBuilder app) =>
        app.UseWhen(IsApi, api =>
        {
            api.Use((context, next) =>
            {
                if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
                    pages.Enabled = false;
                return next(context);
            });
            api.UseStatusCodePages();
        });

    /// <summary>
    /// Inside the app's exception handler: a failure under /api/v1 answers a 500 problem, not the app's error page, which
    /// a program cannot read. The exception is logged by the handler; the problem carries only the trace id.
    /// </summary>
    public static IApplicationBuilder UseApiExceptionProblems(this IApplicationBuilder app) =>
        app.UseWhen(IsApi, api => api.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context => WriteAsync(context, StatusCodes.Status500InternalServerError,
                "The server failed to answer; the failure is logged. Try again later, and tell the operator (with the traceId) if it goes on."),
        }));

    public static IResult Result(int status, string detail) => TypedResults.Problem(statusCode: status, detail: detail);
}
