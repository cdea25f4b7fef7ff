using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace StandingsManager.Core.Eve;

/// <summary>The operator's <c>Eve</c> settings. No ClientId means demo mode with the built-in simulator.</summary>
public sealed class EveOptions
{
    public const string SectionName = "Eve";
    public const string DefaultSsoBaseUrl = "https://login.eveonline.com";
    public const string DefaultEsiBaseUrl = "https://esi.evetech.net";

    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string CallbackPath { get; set; } = "/signin-eve";
    /// <summary>Unset in demo mode: the app's own simulator answers.</summary>
    public string? SsoBaseUrl { get; set; }
    public string? EsiBaseUrl { get; set; }
    public string CompatibilityDate { get; set; } = "2026-08-18";
    public string UserAgentContact { get; set; } = "";

    public bool IsDemo => string.IsNullOrWhiteSpace(ClientId);

    /// <summary>Demo mode as configured, read before options are validated (validation reports all problems at once later).</summary>
    public static bool IsDemoConfigured(IConfiguration configuration) =>
        (configuration.GetSection(SectionName).Get<EveOptions>() ?? new EveOptions()).IsDemo;
}

public sealed class EveOptionsValidator : IValidateOptions<EveOptions>
{
    public ValidateOptionsResult Validate(string? name, EveOptions options)
    {
        var problems = new List<string>();
        const string s = EveOptions.SectionName;
        if (!options.IsDemo && string.IsNullOrWhiteSpace(options.ClientSecret))
            problems.Add($"{s}:ClientSecret is required when {s}:ClientId is set (copy it from your application on the EVE developers site).");
        if (!options.CallbackPath.StartsWith('/'))
            problems.Add($"{s}:CallbackPath must start with '/'; it is '{options.CallbackPath}'.");
        CheckUrl(options.SsoBaseUrl, "SsoBaseUrl", problems);
        CheckUrl(options.EsiBaseUrl, "EsiBaseUrl", problems);
        if (!DateOnly.TryParseExact(options.CompatibilityDate, "yyyy-MM-dd", out _))
            problems.Add($"{s}:CompatibilityDate must be a date like 2026-08-18; it is '{options.CompatibilityDate}'.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckUrl(string? value, string key, List<string> problems)
    {
        if (value is null)
            return;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            problems.Add($"{EveOptions.SectionName}:{key} must be an absolute http(s) URL; it is '{value}'.");
    }
}
