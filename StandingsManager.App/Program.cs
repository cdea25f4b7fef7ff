using Microsoft.Extensions.Options;
using StandingsManager.App;
using StandingsManager.App.Auth;
using StandingsManager.App.Bench;
using StandingsManager.App.Components;
using StandingsManager.App.Demo;
using StandingsManager.App.Eve;
using StandingsManager.App.Persistence;

try
{
    var bench = EsiBench.IsRequested(args);
    var builder = WebApplication.CreateBuilder(bench ? EsiBench.HostArguments(args) : args);
    builder.AddOperatorSettings();

    // Domain, database and workflow
    builder.AddStandingsDatabase();
    // EVE SSO sign-in, and the simulated EVE for demo mode
    builder.AddEveSignIn();
    builder.AddEveData();
    builder.AddDemoEve();
    // Pages
    builder.AddStandingsUi();

    var app = builder.Build();
    app.UseStandingsPipeline();
    app.MapDemoEve();
    app.MapAuthEndpoints();
    app.MapStandingsUi();
    if (bench)
        return await EsiBench.RunAsync(app);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is OptionsValidationException || ex is AggregateException { InnerExceptions: var all } && all.All(e => e is OptionsValidationException))
{
    Console.Error.WriteLine("StandingsManager cannot start: the settings have problems.");
    var failures = ex is AggregateException aggregate ? aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures) : ((OptionsValidationException)ex).Failures;
    foreach (var failure in failures)
        Console.Error.WriteLine($"  - {failure}");
    return 1;
}
catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
{
    // A value of the wrong type (text where a number belongs) fails while binding, before validation.
    Console.Error.WriteLine("StandingsManager cannot start: the settings have problems.");
    Console.Error.WriteLine($"  - {ex.Message}");
    return 1;
}
catch (StartupException ex)
{
    Console.Error.WriteLine($"StandingsManager cannot start: {ex.Message}");
    return 1;
}
