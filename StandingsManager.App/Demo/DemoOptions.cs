using Microsoft.Extensions.Options;
using StandingsManager.Core.Eve;

namespace StandingsManager.App.Demo;

/// <summary>The operator's <c>Demo</c> settings.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>
    /// Runs the demo outside the Development environment. The demo lets anyone sign in as any persona, the
    /// Administrator too, so an empty <c>Eve:ClientId</c> alone never starts it on a published instance.
    /// </summary>
    public bool Enabled { get; set; }
}

/// <summary>Demo mode needs no client id and either the Development environment or <c>Demo:Enabled=true</c>.</summary>
internal sealed class DemoOptionsValidator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoOptions options) =>
        // Read, not validated, here: each validator reports its own problems, all at once.
        EveOptions.IsDemoConfigured(configuration) && !options.Enabled && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail(
                "Eve:ClientId is empty, which starts the demo, where anyone can sign in as any persona, the Administrator too. " +
                "Set Eve:ClientId and Eve:ClientSecret (from your application on the EVE developers site) to run against EVE, " +
                "or set Demo:Enabled=true to run the demo on purpose.")
            : ValidateOptionsResult.Success;
}
