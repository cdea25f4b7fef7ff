using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using StandingsManager.App.Components.Pages.Audit;
using StandingsManager.Core;
using StandingsManager.Core.Api;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Webhooks;

namespace StandingsManager.App.Api;

/// <summary>The read API for other programs, under <c>/api/v1</c>; the logic is in Core (<see cref="ApiReads"/>).</summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(ApiProblems.PathPrefix).AddEndpointFilter(RefusalsAsProblems).WithTags("Standings API");

        api.MapGet("/lists", async (ApiReads reads, CancellationToken ct) => TypedResults.Ok(await reads.ListsAsync(ct)))
            .WithName("GetLists").WithSummary("The lists: id, name, source, label, priority (higher decides) and entry count.")
            .Produces<IReadOnlyList<ApiList>>()
            .RequireScope(ApiScopes.StandingsRead);

        api.MapGet("/lists/{id:int}/entries", EntriesAsync)
            .WithName("GetListEntries")
            .WithSummary("A list's entries, paged with page (from 1) and pageSize (1–1000, default 100), ordered by entity id. Answers 304 to a matching If-None-Match. " +
                $"The {CursorHeader} header holds a cursor: pass it back as changedSince (without page) for the entries added, changed or removed since " +
                "(removed: true), at most pageSize changes; more: true means read again with the new cursor. 410 when the cursor is older than the change log keeps.")
            .Produces<ApiEntriesPage>()
            .Produces(StatusCodes.Status304NotModified)
            .Reads(ParameterLocation.Header, "If-None-Match", "The ETag of a page read before: answers 304 with no body while the page is unchanged.")
            .Answers(StatusCodes.Status200OK, "One page of the list's entries.", ("ETag", "A strong tag of this page's body.", JsonSchemaType.String))
            .Answers(StatusCodes.Status304NotModified, "The page is unchanged since the ETag sent in If-None-Match.")
            .Answers(StatusCodes.Status404NotFound, "There is no list with this id.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .RequireScope(ApiScopes.StandingsRead);

        api.MapGet("/standings/{eveId:long}", StandingAsync)
            .WithName("GetStanding")
            .Answers(StatusCodes.Status404NotFound, "EVE knows no character, corporation or alliance with this id.")
            .Answers(StatusCodes.Status503ServiceUnavailable, EveUnavailable, RetryAfter)
            .WithSummary("What one EVE id (character, corporation or alliance) is to us, per active list: the entry for the character, else its corporation, else its alliance.")
            .Produces<ApiStanding>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiScopes.StandingsRead);

        api.MapPost("/standings/lookup", async (long[] ids, StandingsLookup lookup, CancellationToken ct) => TypedResults.Ok(await lookup.LookUpAsync(ids, ct)))
            .WithName("LookUpStandings")
            .WithSummary("The same for up to 1000 ids (a JSON array of numbers); ids EVE does not know come back with status unknown.")
            .Accepts<long[]>("application/json")
            .Answers(StatusCodes.Status503ServiceUnavailable, EveUnavailable, RetryAfter)
            .Produces<IReadOnlyList<ApiStanding>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireScope(ApiScopes.StandingsRead);

        api.MapGet("/audit", Audit)
            .WithName("GetAudit")
            .WithSummary("The audit log, newest first, with the audit page's filters (action, list, actor, subject, from, to as yyyy-MM-dd), paged with page and pageSize; streamed as it is read.")
            .Produces<IEnumerable<ApiAuditRow>>()
            .Reads(ParameterLocation.Query, "action", "An audit action's name, such as EntryAdded.")
            .Reads(ParameterLocation.Query, "list", "A list's id.")
            .Reads(ParameterLocation.Query, "actor", "Part of the actor's name.")
            .Reads(ParameterLocation.Query, "subject", "Part of the subject's name, or its exact EVE id.")
            .Reads(ParameterLocation.Query, "from", "The first day, yyyy-MM-dd (EVE time).", "date")
            .Reads(ParameterLocation.Query, "to", "The last day, yyyy-MM-dd (EVE time).", "date")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireScope(ApiScopes.AuditRead);

        // Anything else under /api/v1 is a 404 problem, not the app's not-found page.
        api.Map("/{**rest}", () => ApiProblems.Result(StatusCodes.Status404NotFound, "There is no such API endpoint: /openapi/v1.json lists them."))
            .ExcludeFromDescription();
        return app;
    }

    private const string EveUnavailable = "EVE (ESI) did not answer the look-up of names or corporations, even after retries, or is in its daily downtime: try again after Retry-After.";
    private static readonly (string, string, JsonSchemaType) RetryAfter = ("Retry-After", "Seconds until the look-up is worth trying again.", JsonSchemaType.Integer);

    /// <summary>The entries reader's cursor: a header, not part of the body, so the body's ETag changes only with the entries.</summary>
    public const string CursorHeader = "X-Standings-Cursor";

    private static async Task<IResult> EntriesAsync(int id, int? page, int? pageSize, string? changedSince, HttpContext context, ApiReads reads,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IOptions<WebhooksOptions> webhooks, CancellationToken ct)
    {
        object result;
        ApiCursor cursor;
        if (changedSince is null)
            (result, cursor) = await reads.EntriesAsync(id, page ?? 1, pageSize ?? ApiReads.DefaultPageSize, ct);
        else
        {
            if (page is not null)
                return ApiProblems.Result(StatusCodes.Status400BadRequest, "changedSince reads on from its cursor, not by page: leave page out.");
            if (!ApiCursor.TryParse(changedSince, out var since))
                return ApiProblems.Result(StatusCodes.Status400BadRequest, $"changedSince takes the cursor from the {CursorHeader} header of an earlier read, as it was given.");
            if (await reads.ChangesAsync(id, since, pageSize ?? ApiReads.DefaultPageSize, ct) is not { } changes)
            {
                return ApiProblems.Result(StatusCodes.Status410Gone,
                    $"The change log keeps {webhooks.Value.ChangeLogRetentionDays} days and this cursor is older: read the list in full (without changedSince) and go on from that read's cursor.");
            }
            (result, cursor) = changes;
        }
        context.Response.Headers[CursorHeader] = cursor.ToString();
        var body = JsonSerializer.SerializeToUtf8Bytes(result, result.GetType(), json.Value.SerializerOptions);
        // Strong: the tag is the hash of the very bytes sent, so equal tags mean identical bodies.
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"");
        context.Response.Headers.ETag = etag.ToString();
        context.Response.Headers.CacheControl = "no-cache";
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false)))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(body, "application/json");
    }

    private static async Task<IResult> StandingAsync(long eveId, StandingsLookup lookup, CancellationToken ct)
    {
        var answer = (await lookup.LookUpAsync([eveId], ct)).Single();
        return answer.Status == ApiStanding.Unknown
            ? ApiProblems.Result(StatusCodes.Status404NotFound, $"EVE knows no character, corporation or alliance with id {eveId}.")
            : TypedResults.Ok(answer);
    }

    private static IResult Audit(int? page, int? pageSize, HttpContext context, ApiReads reads)
    {
        if (AuditExportEndpoint.Parse(context.Request.Query) is not { } filter)
            return ApiProblems.Result(StatusCodes.Status400BadRequest, AuditExportEndpoint.FilterHelp);
        var (number, size) = (page ?? 1, pageSize ?? ApiReads.DefaultPageSize);
        ApiReads.CheckPage(number, size); // before the stream starts, so a refusal is still a 400
        return TypedResults.Ok(reads.AuditAsync(filter, number, size, context.RequestAborted));
    }

    /// <summary>Core's refusals (bad paging, a list that does not exist, EVE not answering) as problem details.</summary>
    private static async ValueTask<object?> RefusalsAsProblems(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (WorkflowException ex) when (ex.Error == WorkflowError.Unavailable)
        {
            // EVE did not answer even after the ESI client's retries: the same call may work later, so say when.
            var services = context.HttpContext.RequestServices;
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var wait = services.GetRequiredService<IOptions<EsiClientOptions>>().Value.DefaultRetryAfter;
            if (services.GetRequiredService<EsiGate>().State().Until is { } until && until - now > wait)
                wait = until - now;
            context.HttpContext.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiProblems.Result(StatusCodes.Status503ServiceUnavailable, ex.Message);
        }
        catch (WorkflowException ex)
        {
            return ApiProblems.Result(ex.Error switch
            {
                WorkflowError.NotFound => StatusCodes.Status404NotFound,
                WorkflowError.Forbidden => StatusCodes.Status403Forbidden,
                WorkflowError.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            }, ex.Message);
        }
    }
}
