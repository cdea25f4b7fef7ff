using StandingsManager.App;
using StandingsManager.App.Auth;
using StandingsManager.App.Bench;
using StandingsManager.App.Components;
using StandingsManager.App.Components.Pages.Audit;
using StandingsManager.App.Demo;
using StandingsManager.App.Eve;
using StandingsManager.App.Hubs;
using StandingsManager.App.Operations;
using StandingsManager.App.Persistence;

try
{
    var bench = BenchMode.From(args);
    var builder = WebApplication.CreateBuilder(bench?.HostArguments(args) ?? args);
    builder.AddOperatorSettings();

    // Domain, database and workflow
    builder.AddStandingsDatabase();
    // EVE SSO sign-in, and the simulated EVE for demo mode
    builder.AddEveSignIn();
    builder.AddEveData();
    builder.AddDemoEve();
    // Pages
    builder.AddStandingsUi();
    // Live sync progress for external clients
    builder.AddSyncHub();
    // Health check and Prometheus metrics for the operator's monitoring
    builder.AddHealthAndMetrics();

    var app = builder.Build();
    app.UseStandingsPipeline();
    app.MapDemoEve();
    app.MapAuthEndpoints();
    app.MapStandingsUi();
    app.MapSyncHub();
    app.MapHealthAndMetrics();
    app.MapAuditExport();
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
