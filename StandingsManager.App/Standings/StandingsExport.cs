using Microsoft.AspNetCore.Authorization;
using StandingsManager.App.Auth;
using StandingsManager.App.Exports;
using StandingsManager.Core.Standings;

namespace StandingsManager.App.Standings;

/// <summary>The standings list as a CSV download: a plain GET, so the browser saves it like any file.</summary>
public static class StandingsExport
{
    public const string Path = "/standings/export.csv";

    public static WebApplication MapStandingsExport(this WebApplication app)
    {
        app.MapGet(Path, (HttpContext http, StandingsQueries queries, TimeProvider time) =>
            CsvDownload.SendAsync(http, $"standings-{time.GetUtcNow():yyyy-MM-dd}.csv",
                (body, ct) => queries.ExportAsync(http.User.RequireAccountId(), body, ct)))
            .RequireAuthorization(new AuthorizeAttribute { Roles = "Approver,Auditor" });
        return app;
    }
}
