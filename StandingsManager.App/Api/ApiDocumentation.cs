using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using StandingsManager.Core.Api;

namespace StandingsManager.App.Api;

/// <summary>
/// The API's OpenAPI document at <see cref="DocumentPath"/> (only the <c>/api/v1</c> operations, with the bearer scheme
/// and the scope each needs) and a browsable reference at <see cref="ReferencePath"/>, whose script the app serves
/// itself: it works with no internet. Both are public: they describe the API and hold no data.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/api/docs";
    public const string BearerScheme = "bearer";

    public static WebApplicationBuilder AddApiDocumentation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith(ApiProblems.PathPrefix[1..] + "/", StringComparison.OrdinalIgnoreCase) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "StandingsManager API",
                    Version = DocumentName,
                    Description = "Read the standings from other programs. Send a key from the API keys page in the header " +
                        $"Authorization: Bearer {ApiKeys.KeyPrefix}…, never in the query string. Errors are RFC 9457 problem details.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = BearerScheme,
                    Description = $"An API key ({ApiKeys.KeyPrefix}…) from the API keys page, with the scope the operation names: {string.Join(" or ", ApiScopes.All)}.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<ApiScopeMetadata>().FirstOrDefault() is { } scope)
                {
                    // OpenAPI 3.1 lets a non-OAuth requirement name roles: here, the key's scope.
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [scope.Scope] }];
                    operation.Description = $"Needs a key with the scope {scope.Scope}.";
                    Describe(operation, context.Document, StatusCodes.Status401Unauthorized, "No key, or one that is unknown, expired or revoked.");
                    Describe(operation, context.Document, StatusCodes.Status403Forbidden, $"The key does not have the scope {scope.Scope}.");
                    Describe(operation, context.Document, StatusCodes.Status429TooManyRequests, "The key made too many requests this minute (Api:RequestsPerMinute).");
                    Header(operation, StatusCodes.Status429TooManyRequests, "Retry-After", "Seconds until the key may call again.", JsonSchemaType.Integer);
                }
                Describe(operation, context.Document, StatusCodes.Status400BadRequest, "A parameter is invalid, or a key was sent in the query string.");
                foreach (var hint in metadata.OfType<ApiResponseHint>())
                {
                    Describe(operation, context.Document, hint.Status, hint.Description);
                    if (hint.Header is { } header)
                        Header(operation, hint.Status, header.Name, header.Description, header.Type);
                }
                foreach (var parameter in metadata.OfType<ApiParameterHint>())
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = parameter.Name,
                        In = parameter.In,
                        Description = parameter.Description,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = parameter.Format },
                    });
                }
                // In status order, as a reader looks for them.
                if (operation.Responses is { } responses)
                {
                    var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
                    responses.Clear();
                    foreach (var (code, response) in ordered)
                        responses[code] = response;
                }
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer((schema, _, _) =>
            {
                // The app reads numbers given as strings too (web defaults), but always writes numbers: document those.
                if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
                {
                    schema.Type = type & ~JsonSchemaType.String;
                    schema.Pattern = null;
                }
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath.Replace(DocumentName, "{documentName}", StringComparison.Ordinal)).AllowAnonymous();
        // Nothing from another host: no CDN fonts, no telemetry, no AI agent or MCP, which would call scalar.com.
        app.MapScalarApiReference(ReferencePath, o => o
                .WithTitle("StandingsManager API")
                .AddDocument(DocumentName, routePattern: DocumentPath)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp())
            .AllowAnonymous();
        return app;
    }

    /// <summary>An answer an endpoint can give that its handler's types do not show (304, the ETag header, 503).</summary>
    public static RouteHandlerBuilder Answers(this RouteHandlerBuilder endpoint, int status, string description, (string Name, string Description, JsonSchemaType Type)? header = null) =>
        endpoint.WithMetadata(new ApiResponseHint(status, description, header));

    /// <summary>A request header or query parameter the endpoint reads itself, documented as a parameter.</summary>
    public static RouteHandlerBuilder Reads(this RouteHandlerBuilder endpoint, ParameterLocation location, string name, string description, string? format = null) =>
        endpoint.WithMetadata(new ApiParameterHint(location, name, description, format));

    private static void Describe(OpenApiOperation operation, OpenApiDocument? document, int status, string description)
    {
        operation.Responses ??= [];
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Responses.TryGetValue(code, out var response))
            operation.Responses[code] = response = new OpenApiResponse();
        if (response is OpenApiResponse concrete)
            concrete.Description = description;
        // Every refusal is a problem, whichever middleware writes it.
        if (status >= 400 && response is OpenApiResponse { Content: var content } target && (content is null || content.Count == 0))
            target.Content = new Dictionary<string, OpenApiMediaType> { [ApiProblems.ContentType] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) } };
    }

    private static void Header(OpenApiOperation operation, int status, string name, string description, JsonSchemaType type)
    {
        if (operation.Responses?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is not OpenApiResponse response)
            return;
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
    }

    private sealed record ApiResponseHint(int Status, string Description, (string Name, string Description, JsonSchemaType Type)? Header);

    private sealed record ApiParameterHint(ParameterLocation In, string Name, string Description, string? Format);
}
