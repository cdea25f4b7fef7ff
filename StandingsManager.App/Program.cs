using StandingsManager.App;
using StandingsManager.App.Api;
using StandingsManager.App.Auth;
using StandingsManager.App.Background;
using StandingsManager.App.Bench;
using StandingsManager.App.Components;
using StandingsManager.App.Components.Pages.Audit;
using StandingsManager.App.Demo;
using StandingsManager.App.Deployment;
using StandingsManager.App.Eve;
using StandingsManager.App.Hubs;
using StandingsManager.App.Localization;
using StandingsManager.App.Operations;
using StandingsManager.App.Persistence;
using StandingsManager.App.Standings;
using StandingsManager.App.Security;
using StandingsManager.Core;

try
{
    // copy-database --to "<PostgreSQL>": moves the SQLite installation and exits, without starting the app
    if (CopyDatabaseMode.IsRequested(args))
        return await CopyDatabaseMode.RunAsync(args, Console.Out, Console.Error);
    var bench = BenchMode.From(args);
    var builder = WebApplication.CreateBuilder(HostingExtensions.HostOptions(bench?.HostArguments(args) ?? args));
    builder.AddOperatorSettings();
    // Forwarded headers from known proxies only, and HTTPS for browsers
    builder.AddDeployment();

    // Domain, workflow, EVE SSO tokens, the ESI client and contact sync (Core)
    builder.Services.AddStandingsCore();
    // The SQLite database and its keys, checked and migrated at start-up
    builder.AddStandingsDatabase();
    // Sign-in through EVE SSO
    builder.AddEveSignIn();
    // Open pages and hub connections lose access once their session ends or their role goes
    builder.AddSessionRevalidation();
    // Where EVE is
    builder.AddEveData();
    // The background loops: validator, sign-in affiliations, contact sync scheduler, Discord relay
    builder.AddBackgroundWork();
    // The simulated EVE and its seeded data, in demo mode only
    builder.AddDemoEve();
    // Pages
    builder.AddStandingsUi();
    // The UI's languages: the account's choice, the culture cookie, the browser's, English
    builder.AddLanguages();
    // Live sync progress for external clients
    builder.AddSyncHub();
    // Health check and Prometheus metrics for the operator's monitoring
    builder.AddHealthAndMetrics();
    // Limits on what anonymous visitors can trigger: health checks and page starts
    builder.AddHttpRateLimits();
    // The read API for other programs: API keys, scopes, problem details, a rate limit per key
    builder.AddApiAccess();
    // Its OpenAPI document and browsable reference, public: they describe the API and hold no data
    builder.AddApiDocumentation();

    bench?.Services?.Invoke(builder.Services);
    var app = builder.Build();
    // Content-Security-Policy, nosniff and no framing on every response
    app.UseSecurityHeaders();
    // The API reference's one inline start-up script, allowed by its hash on that page only
    app.UseInlineScriptHashes(ApiDocumentation.ReferencePath);
    app.UseDeployment();
    // An API key in a query string is refused before anything else looks at the request
    app.UseApiRequestGuard();
    app.UseStandingsPipeline();
    app.UseHttpRateLimits();
    app.MapDemoEve();
    app.MapAuthEndpoints();
    app.MapLanguagePicker();
    app.MapStandingsUi();
    app.MapSyncHub();
    app.MapHealthAndMetrics();
    app.MapStandingsExport();
    app.MapAuditExport();
    app.MapApi();
    app.MapApiDocumentation();
    if (bench is not null)
        return await bench.RunAsync(app);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupErrors.Describe(ex) is { } problems)
{
    Console.Error.WriteLine(problems);
    return 1;
}
