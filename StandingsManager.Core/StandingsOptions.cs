using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;

namespace StandingsManager.Core;

/// <summary>
/// The operator's <c>Standings</c> settings. Validated at start-up by <see cref="StandingsOptionsValidator"/>. Each
/// default is the README's, so an instance without its settings file is as closed as the shipped one.
/// </summary>
public sealed class StandingsOptions
{
    public const string SectionName = "Standings";

    public string LabelName { get; set; } = "Alliance Standings";
    public int SyncIntervalMinutes { get; set; } = 30;
    public int SyncTimeoutMinutes { get; set; } = 180;
    public double DefaultStanding { get; set; } = 5.0;
    public int AutoValidateIntervalMinutes { get; set; } = 360;
    public Dictionary<string, string[]> ScopeRequirements { get; set; } = [];
    public OrganizationOptions Organization { get; set; } = new();
    /// <summary>States with basic access. Bind with <see cref="Bind"/>: a configured list replaces this default.</summary>
    public string[] BasicAccessStates { get; set; } = ["Member", "Blue"];
    public long[] Administrators { get; set; } = [];
    public int MaxParallelSyncs { get; set; } = 4;
    public PersonalContactPolicy PersonalContacts { get; set; } = PersonalContactPolicy.Preserve;
    public AutoRevocationOptions AutoRevocation { get; set; } = new();
    /// <summary>Off by default: an approver's own request or removal request waits for another approver.</summary>
    public bool AllowSelfApproval { get; set; }

    public static readonly string[] KnownStates = ["Member", "Blue", "Guest"];

    /// <summary>
    /// Binds <paramref name="section"/> onto <paramref name="options"/>. The configuration binder appends a configured
    /// list to a list's default; a configured <see cref="BasicAccessStates"/> must replace it, or <c>["Member"]</c> would
    /// still let Blue in.
    /// </summary>
    public static void Bind(IConfiguration section, StandingsOptions options)
    {
        section.Bind(options);
        if (section.GetSection(nameof(BasicAccessStates)).Get<string[]>() is { } states)
            options.BasicAccessStates = states;
    }
}

public sealed class OrganizationOptions
{
    public long[] CorporationIds { get; set; } = [];
    public long[] AllianceIds { get; set; } = [];
}

public sealed class AutoRevocationOptions
{
    public AutoRevocationMode Mode { get; set; } = AutoRevocationMode.Manual;
    public int GraceHours { get; set; } = 24;
}

[System.ComponentModel.TypeConverter(typeof(SettingNameConverter<AutoRevocationMode>))]
public enum AutoRevocationMode
{
    /// <summary>System revocations wait for an approver.</summary>
    Manual,
    /// <summary>System revocations apply by themselves once the grace period is over.</summary>
    Automatic,
}

/// <summary>Reports every problem at once, one message each, so an operator fixes them in one go.</summary>
public sealed class StandingsOptionsValidator : IValidateOptions<StandingsOptions>
{
    public ValidateOptionsResult Validate(string? name, StandingsOptions options)
    {
        var problems = new List<string>();
        const string s = StandingsOptions.SectionName;

        if (string.IsNullOrWhiteSpace(options.LabelName))
            problems.Add($"{s}:LabelName is required: the name of the in-game contact label that marks managed contacts.");
        else if (options.LabelName.Trim().Length > 40)
            problems.Add($"{s}:LabelName '{options.LabelName}' is too long: EVE labels have at most 40 characters.");
        if (options.SyncIntervalMinutes is < 5 or > 1440)
            problems.Add($"{s}:SyncIntervalMinutes must be between 5 and 1440; it is {options.SyncIntervalMinutes}.");
        if (options.SyncTimeoutMinutes < options.SyncIntervalMinutes)
            problems.Add($"{s}:SyncTimeoutMinutes ({options.SyncTimeoutMinutes}) must not be less than SyncIntervalMinutes ({options.SyncIntervalMinutes}).");
        if (!StandingScale.Contains(options.DefaultStanding))
            problems.Add($"{s}:DefaultStanding must be between -10 and 10; it is {options.DefaultStanding}.");
        if (options.AutoValidateIntervalMinutes is < 5 or > 10080)
            problems.Add($"{s}:AutoValidateIntervalMinutes must be between 5 and 10080; it is {options.AutoValidateIntervalMinutes}.");
        if (options.MaxParallelSyncs is < 1 or > 64)
            problems.Add($"{s}:MaxParallelSyncs must be between 1 and 64; it is {options.MaxParallelSyncs}.");
        if (!Enum.IsDefined(options.PersonalContacts))
            problems.Add($"{s}:PersonalContacts must be {SettingNames.Allowed<PersonalContactPolicy>()}.");
        if (!Enum.IsDefined(options.AutoRevocation.Mode))
            problems.Add($"{s}:AutoRevocation:Mode must be {SettingNames.Allowed<AutoRevocationMode>()}.");
        if (options.AutoRevocation.GraceHours is < 0 or > 8760)
            problems.Add($"{s}:AutoRevocation:GraceHours must be between 0 and 8760; it is {options.AutoRevocation.GraceHours}.");
        if (options.BasicAccessStates.Length == 0)
            problems.Add($"{s}:BasicAccessStates names no state: list the states that may use the app (Member, Blue, Guest), e.g. Member and Blue.");
        foreach (var state in options.BasicAccessStates.Where(st => !IsKnownState(st)))
            problems.Add($"{s}:BasicAccessStates names unknown state '{state}'; known states are Member, Blue and Guest.");
        foreach (var (state, scopes) in options.ScopeRequirements)
        {
            if (!IsKnownState(state))
                problems.Add($"{s}:ScopeRequirements names unknown state '{state}'; known states are Member, Blue and Guest.");
            foreach (var scope in scopes.Where(sc => string.IsNullOrWhiteSpace(sc) || sc.Contains(' ', StringComparison.Ordinal)))
                problems.Add($"{s}:ScopeRequirements:{state} has an invalid scope '{scope}': give one scope name per entry.");
        }
        foreach (var id in options.Administrators.Where(id => id <= 0))
            problems.Add($"{s}:Administrators has an invalid character id {id}.");
        foreach (var id in options.Organization.CorporationIds.Where(id => id <= 0))
            problems.Add($"{s}:Organization:CorporationIds has an invalid corporation id {id}.");
        foreach (var id in options.Organization.AllianceIds.Where(id => id <= 0))
            problems.Add($"{s}:Organization:AllianceIds has an invalid alliance id {id}.");

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsKnownState(string state) =>
        StandingsOptions.KnownStates.Contains(state, StringComparer.OrdinalIgnoreCase);
}
