using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using StandingsManager.App.Auth;
using StandingsManager.App.Components.Pages.Standings;
using StandingsManager.App.Exports;
using StandingsManager.Core;
using StandingsManager.Core.Standings;

namespace StandingsManager.App.Standings;

/// <summary>One standings list as a CSV download (<c>?list=</c>, the first active list without it): a plain GET, so the browser saves it like any file.</summary>
public static class StandingsExport
{
    public const string Path = "/standings/export.csv";

    public static string PathFor(int listId) => $"{Path}?list={listId}";

    public static WebApplication MapStandingsExport(this WebApplication app)
    {
        // The refusal is read in the browser, so it is in the reader's language; the file itself is CSV.
        app.MapGet(Path, async (HttpContext http, StandingsQueries queries, TimeProvider time, [FromServices] IStringLocalizer<StandingsText> t, int? list) =>
            {
                var accountId = http.User.RequireAccountId();
                ListChoice chosen;
                try
                {
                    var lists = await queries.ListsAsync(accountId, ct: http.RequestAborted);
                    chosen = (list is { } id ? lists.FirstOrDefault(l => l.Id == id) : lists.FirstOrDefault(l => l.IsActive) ?? (lists.Count > 0 ? lists[0] : null))
                        ?? throw WorkflowException.NotFound(t["Export.NoList"]);
                }
                catch (WorkflowException ex)
                {
                    return Results.Text(ex.Message, statusCode: ex.Error == WorkflowError.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden);
                }
                return await CsvDownload.SendAsync(http, $"standings-{FileNamePart(chosen.Name)}-{time.GetUtcNow():yyyy-MM-dd}.csv",
                    (body, ct) => queries.ExportAsync(chosen.Id, accountId, body, ct));
            })
            .RequireAuthorization(new AuthorizeAttribute { Roles = "Approver,Auditor" });
        return app;
    }

    /// <summary>The list's name as it may stand in a file name: letters and digits, the rest as single dashes.</summary>
    public static string FileNamePart(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
                text.Append(c);
            else if (text.Length > 0 && text[^1] != '-')
                text.Append('-');
        }
        var part = text.ToString().Trim('-');
        return part.Length == 0 ? "list" : part;
    }
}
