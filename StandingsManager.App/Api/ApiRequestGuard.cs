using StandingsManager.Core.Api;

namespace StandingsManager.App.Api;

/// <summary>
/// Refuses an API request that carries a key in its query string (400): URLs end up in logs, histories and proxies, so
/// such a key must be treated as leaked; the answer says to use the header instead.
/// </summary>
public static class ApiRequestGuard
{
    private static readonly string[] KeyNames = ["key", "api_key", "apikey", "api-key", "access_token", "token"];

    public static WebApplication UseApiRequestGuard(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (ApiProblems.IsApi(context) && CarriesKey(context.Request.Query))
            {
                await ApiProblems.WriteAsync(context, StatusCodes.Status400BadRequest,
                    "API keys are not accepted in the query string: send the key in the header Authorization: Bearer smk_…, and revoke this one, since URLs are logged.");
                return;
            }
            await next(context);
        });
        return app;
    }

    private static bool CarriesKey(IQueryCollection query) =>
        query.Any(q => KeyNames.Contains(q.Key, StringComparer.OrdinalIgnoreCase) || q.Value.Any(ApiKeys.LooksLikeKey));
}
