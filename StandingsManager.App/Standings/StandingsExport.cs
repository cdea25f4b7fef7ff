using Microsoft.AspNetCore.Authorization;
using StandingsManager.App.Auth;
using StandingsManager.Core;
using StandingsManager.Core.Standings;

namespace StandingsManager.App.Standings;

/// <summary>The standings list as a CSV download: a plain GET, so the browser saves it like any file.</summary>
public static class StandingsExport
{
    public const string Path = "/standings/export.csv";

    public static WebApplication MapStandingsExport(this WebApplication app)
    {
        app.MapGet(Path, async (HttpContext http, StandingsQueries queries, TimeProvider time) =>
        {
            var response = http.Response;
            response.ContentType = "text/csv; charset=utf-8";
            // The list is confidential: no browser or proxy cache keeps a copy.
            response.Headers.CacheControl = "no-store";
            response.Headers.ContentDisposition = $"attachment; filename=\"standings-{time.GetUtcNow():yyyy-MM-dd}.csv\"";
            try
            {
                // The role is re-checked from the database before the first byte is written.
                await queries.ExportAsync(http.User.RequireAccountId(), response.Body, http.RequestAborted);
            }
            catch (WorkflowException ex) when (!response.HasStarted)
            {
                response.Headers.ContentDisposition = default;
                response.StatusCode = StatusCodes.Status403Forbidden;
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync(ex.Message, http.RequestAborted);
            }
        }).RequireAuthorization(new AuthorizeAttribute { Roles = "Approver,Auditor" });
        return app;
    }
}
