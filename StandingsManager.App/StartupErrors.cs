using Microsoft.Extensions.Options;
using StandingsManager.App.Persistence;

namespace StandingsManager.App;

/// <summary>Turns the failures an operator can fix into plain console text: one line per problem, no stack trace.</summary>
public static class StartupErrors
{
    public static string? Describe(Exception ex) => ex switch
    {
        OptionsValidationException options => Settings(options.Failures),
        AggregateException { InnerExceptions: var all } when all.All(e => e is OptionsValidationException) =>
            Settings(all.Cast<OptionsValidationException>().SelectMany(e => e.Failures)),
        // A value of the wrong type (text where a number belongs) fails while binding, before validation.
        InvalidOperationException when ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            Settings([ex.Message]),
        StartupException startup => $"StandingsManager cannot start: {startup.Message}",
        _ => null,
    };

    private static string Settings(IEnumerable<string> failures) =>
        string.Join(Environment.NewLine, failures.Select(f => $"  - {f}").Prepend("StandingsManager cannot start: the settings have problems."));
}
