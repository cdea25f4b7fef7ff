using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StandingsManager.Core;
using StandingsManager.Core.Sync;

namespace StandingsManager.Tests.Settings;

public sealed class OptionsValidationTests
{
    private static readonly StandingsOptionsValidator Validator = new();

    private static StandingsOptions Valid() => new() { LabelName = "Alliance blues" };

    private static string SingleFailure(StandingsOptions options)
    {
        var result = Validator.Validate(null, options);
        Assert.True(result.Failed);
        Assert.NotNull(result.Failures);
        return Assert.Single(result.Failures);
    }

    [Fact]
    public void Default_options_with_a_label_are_valid()
    {
        var result = Validator.Validate(null, Valid());

        Assert.True(result.Succeeded);
        Assert.False(result.Failed);
    }

    [Fact]
    public void A_fully_specified_configuration_is_valid()
    {
        var options = Valid();
        options.ScopeRequirements = new() { ["Member"] = ["esi-characters.read_contacts.v1"], ["blue"] = ["publicData"] };
        options.BasicAccessStates = ["Member", "Blue", "guest"];
        options.Administrators = [90_000_001];
        options.Organization.CorporationIds = [98_000_001];
        options.Organization.AllianceIds = [99_000_001];
        options.PersonalContacts = PersonalContactPolicy.Override;
        options.AutoRevocation.Mode = AutoRevocationMode.Automatic;

        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_label_name_is_reported(string label)
    {
        var options = Valid();
        options.LabelName = label;

        Assert.StartsWith("Standings:LabelName is required", SingleFailure(options), StringComparison.Ordinal);
    }

    [Fact]
    public void Label_name_over_40_characters_is_reported()
    {
        var options = Valid();
        options.LabelName = new string('L', 41);

        Assert.Contains("is too long", SingleFailure(options), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(-10.5)]
    [InlineData(double.NaN)]
    public void Default_standing_out_of_range_is_reported(double standing)
    {
        var options = Valid();
        options.DefaultStanding = standing;

        Assert.StartsWith("Standings:DefaultStanding must be between -10 and 10", SingleFailure(options), StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_interval_of_zero_is_reported()
    {
        var options = Valid();
        options.SyncIntervalMinutes = 0;

        Assert.Equal("Standings:SyncIntervalMinutes must be between 5 and 1440; it is 0.", SingleFailure(options));
    }

    [Fact]
    public void Sync_timeout_below_the_interval_is_reported()
    {
        var options = Valid();
        options.SyncIntervalMinutes = 60;
        options.SyncTimeoutMinutes = 30;

        Assert.Equal("Standings:SyncTimeoutMinutes (30) must not be less than SyncIntervalMinutes (60).", SingleFailure(options));
    }

    [Fact]
    public void Unknown_personal_contacts_policy_is_reported()
    {
        var options = Valid();
        options.PersonalContacts = (PersonalContactPolicy)7;

        Assert.Equal("Standings:PersonalContacts must be Preserve or Override.", SingleFailure(options));
    }

    [Fact]
    public void Unknown_basic_access_state_is_reported()
    {
        var options = Valid();
        options.BasicAccessStates = ["Member", "Neutral"];

        Assert.Equal("Standings:BasicAccessStates names unknown state 'Neutral'; known states are Member, Blue and Guest.", SingleFailure(options));
    }

    [Fact]
    public void Unknown_state_in_scope_requirements_is_reported()
    {
        var options = Valid();
        options.ScopeRequirements = new() { ["Red"] = ["publicData"] };

        Assert.Equal("Standings:ScopeRequirements names unknown state 'Red'; known states are Member, Blue and Guest.", SingleFailure(options));
    }

    [Fact]
    public void Scope_with_a_space_is_reported()
    {
        var options = Valid();
        options.ScopeRequirements = new() { ["Member"] = ["a b"] };

        Assert.Contains("invalid scope 'a b'", SingleFailure(options), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_auto_revocation_mode_is_reported()
    {
        var options = Valid();
        options.AutoRevocation.Mode = (AutoRevocationMode)7;

        Assert.Equal("Standings:AutoRevocation:Mode must be Manual or Automatic.", SingleFailure(options));
    }

    [Fact]
    public void Invalid_ids_are_reported()
    {
        var options = Valid();
        options.Administrators = [0];

        Assert.Equal("Standings:Administrators has an invalid character id 0.", SingleFailure(options));
    }

    [Fact]
    public void Several_problems_give_one_message_each()
    {
        var options = new StandingsOptions
        {
            LabelName = "",
            DefaultStanding = 11,
            SyncIntervalMinutes = 0,
            PersonalContacts = (PersonalContactPolicy)7,
            BasicAccessStates = ["Purple"],
            ScopeRequirements = new() { ["Orange"] = ["publicData"] },
            AutoRevocation = new AutoRevocationOptions { Mode = (AutoRevocationMode)7 },
        };

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(7, failures.Count);
        Assert.Equal(7, failures.Distinct().Count());
        Assert.Contains(failures, f => f.StartsWith("Standings:LabelName", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Standings:DefaultStanding", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Standings:SyncIntervalMinutes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Standings:PersonalContacts", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'Purple'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'Orange'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Standings:AutoRevocation:Mode", StringComparison.Ordinal));
        Assert.Contains("Standings:LabelName", result.FailureMessage, StringComparison.Ordinal);
    }

    /// <summary>The options as the app builds them: bound from configuration by Core's registration, then validated.</summary>
    private static StandingsOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>($"Standings:{s.Key}", s.Value))
                .Append(KeyValuePair.Create<string, string?>("Standings:LabelName", "Alliance blues")))
            .Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddStandingsCore()
            .BuildServiceProvider();
        return provider.GetRequiredService<IOptions<StandingsOptions>>().Value;
    }

    [Fact]
    public void Enum_settings_are_read_by_name_in_any_case()
    {
        var options = Bind(("PersonalContacts", "override"), ("AutoRevocation:Mode", " AUTOMATIC "));

        Assert.Equal(PersonalContactPolicy.Override, options.PersonalContacts);
        Assert.Equal(AutoRevocationMode.Automatic, options.AutoRevocation.Mode);
    }

    [Fact]
    public void Enum_settings_default_to_preserve_and_manual()
    {
        var options = Bind();

        Assert.Equal(PersonalContactPolicy.Preserve, options.PersonalContacts);
        Assert.Equal(AutoRevocationMode.Manual, options.AutoRevocation.Mode);
    }

    [Fact]
    public void Unknown_names_and_numbers_are_reported_with_the_other_problems_naming_the_allowed_values()
    {
        var ex = Assert.Throws<OptionsValidationException>(() =>
            Bind(("PersonalContacts", "Wipe"), ("AutoRevocation:Mode", "1"), ("DefaultStanding", "12")));

        Assert.Equal(
            [
                "Standings:DefaultStanding must be between -10 and 10; it is 12.",
                "Standings:PersonalContacts must be Preserve or Override.",
                "Standings:AutoRevocation:Mode must be Manual or Automatic.",
            ],
            ex.Failures);
    }
}
