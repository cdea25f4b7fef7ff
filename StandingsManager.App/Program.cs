using Microsoft.Extensions.Options;
using StandingsManager.App;
using StandingsManager.App.Auth;
using StandingsManager.App.Components;
using StandingsManager.App.Demo;
using StandingsManager.App.Persistence;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddOperatorSettings();

    // Domain, database and workflow
    builder.AddStandingsDatabase();
    // EVE SSO sign-in, and the simulated EVE for demo mode
    builder.AddEveSignIn();
    builder.AddDemoEve();
    // Pages
    builder.AddStandingsUi();

    var app = builder.Build();
    app.UseStandingsPipeline();
    app.MapDemoEve();
    app.MapAuthEndpoints();
    app.MapStandingsUi();
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine("StandingsManager cannot start: the settings have problems.");
    foreach (var failure in ex.Failures)
        Console.Error.WriteLine($"  - {failure}");
    return 1;
}
catch (StartupException ex)
{
    Console.Error.WriteLine($"StandingsManager cannot start: {ex.Message}");
    return 1;
}
