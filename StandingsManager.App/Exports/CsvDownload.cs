using StandingsManager.Core;

namespace StandingsManager.App.Exports;

/// <summary>The one way a CSV export is sent: a plain GET the browser saves as a file, with the rows streamed straight in.</summary>
public static class CsvDownload
{
    /// <summary>
    /// Sends what <paramref name="write"/> writes as <paramref name="fileName"/>, never cached (exports hold member data).
    /// Core re-checks the role before the first byte: a refusal then is a 403 with its message instead of a file.
    /// </summary>
    public static async Task<IResult> SendAsync(HttpContext http, string fileName, Func<Stream, CancellationToken, Task> write)
    {
        var response = http.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        response.Headers.CacheControl = "no-store";
        try
        {
            await write(response.Body, http.RequestAborted);
            return Results.Empty;
        }
        catch (WorkflowException ex) when (!response.HasStarted)
        {
            response.Headers.ContentDisposition = default;
            return Results.Text(ex.Message, statusCode: StatusCodes.Status403Forbidden);
        }
    }
}
