using System.Globalization;
using StandingsManager.App.Auth;
using StandingsManager.App.Exports;
using StandingsManager.Core.Audit;

namespace StandingsManager.App.Components.Pages.Audit;

/// <summary><c>GET /audit/export.csv</c>: the audit log, filtered as on the page, streamed as CSV to auditors.</summary>
public static class AuditExportEndpoint
{
    public const string Path = "/audit/export.csv";

    public const string FilterHelp = "Use action (an audit action name), list (a list's id), actor, subject, and from/to as yyyy-MM-dd.";

    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext context, AuditLogQueries audit, TimeProvider time) =>
            Parse(context.Request.Query) is not { } filter
                ? Task.FromResult(Results.BadRequest(FilterHelp))
                : CsvDownload.SendAsync(context, $"audit-{time.GetUtcNow():yyyyMMdd-HHmm}.csv",
                    (body, ct) => audit.ExportCsvAsync(context.User.RequireAccountId(), filter, body, ct)))
            .RequireAuthorization(policy => policy.RequireRole(nameof(Core.Accounts.Role.Auditor)));
        return app;
    }

    /// <summary>The page's filter in a query string, so the export link carries exactly what is on screen.</summary>
    public static string QueryFor(AuditFilter filter)
    {
        var parts = new List<string>();
        if (filter.ListId is { } listId)
            parts.Add($"list={listId.ToString(CultureInfo.InvariantCulture)}");
        if (filter.Action is { } action)
            parts.Add($"action={action}");
        if (!string.IsNullOrWhiteSpace(filter.Actor))
            parts.Add($"actor={Uri.EscapeDataString(filter.Actor.Trim())}");
        if (!string.IsNullOrWhiteSpace(filter.Subject))
            parts.Add($"subject={Uri.EscapeDataString(filter.Subject.Trim())}");
        if (filter.From is { } from)
            parts.Add($"from={from:yyyy-MM-dd}");
        if (filter.To is { } to)
            parts.Add($"to={to:yyyy-MM-dd}");
        return parts.Count == 0 ? Path : $"{Path}?{string.Join('&', parts)}";
    }

    /// <summary>The audit page's filter in a query string, or null when a part does not parse (<see cref="FilterHelp"/>).</summary>
    internal static AuditFilter? Parse(IQueryCollection query)
    {
        AuditAction? action = null;
        if (query["action"].ToString() is { Length: > 0 } actionText)
        {
            if (!Enum.TryParse<AuditAction>(actionText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(actionText, out _))
                return null;
            action = parsed;
        }
        int? listId = null;
        if (query["list"].ToString() is { Length: > 0 } listText)
        {
            if (!int.TryParse(listText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed <= 0)
                return null;
            listId = parsed;
        }
        if (!TryDate(query["from"], out var from) || !TryDate(query["to"], out var to))
            return null;
        return new AuditFilter(action, Text(query["actor"]), Text(query["subject"]), from, to, listId);
    }

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) => string.IsNullOrWhiteSpace(value) ? null : value.ToString();

    private static bool TryDate(Microsoft.Extensions.Primitives.StringValues value, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrEmpty(value))
            return true;
        if (!DateOnly.TryParseExact(value.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            return false;
        date = parsed;
        return true;
    }
}
