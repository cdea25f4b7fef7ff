using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Esi;

/// <summary>The <c>Esi</c> settings are bound from configuration and every problem is reported at once, one message each.</summary>
public sealed class EsiClientOptionsTests
{
    private static readonly EsiClientOptionsValidator Validator = new();

    [Fact]
    public void The_defaults_are_valid() => Assert.True(Validator.Validate(null, new EsiClientOptions()).Succeeded);

    [Fact]
    public void Every_problem_is_reported_with_its_key_and_value()
    {
        var options = new EsiClientOptions
        {
            ErrorLimitThreshold = 100,
            ErrorLimitMargin = TimeSpan.FromSeconds(-1),
            DefaultErrorLimitPause = TimeSpan.Zero,
            DefaultRetryAfter = TimeSpan.FromHours(2),
            LowBucketFraction = 1,
            DowntimeStart = TimeSpan.FromHours(25),
            DowntimeEnd = TimeSpan.FromMinutes(-5),
            MaxRetryAttempts = 0,
            RetryBaseDelay = TimeSpan.FromMinutes(2),
            AttemptTimeout = TimeSpan.Zero,
        };

        var failures = Validator.Validate(null, options).Failures!.ToList();

        Assert.Equal(
        [
            "Esi:ErrorLimitThreshold must be between 0 and 99; it is 100.",
            "Esi:ErrorLimitMargin must be between 00:00:00 and 00:01:00; it is -00:00:01.",
            "Esi:DefaultErrorLimitPause must be between 00:00:01 and 01:00:00; it is 00:00:00.",
            "Esi:DefaultRetryAfter must be between 00:00:01 and 01:00:00; it is 02:00:00.",
            "Esi:LowBucketFraction must be at least 0 and below 1; it is 1.",
            "Esi:DowntimeStart must be a UTC time of day from 00:00:00 to 23:59:59; it is 1.01:00:00.",
            "Esi:DowntimeEnd must be a UTC time of day from 00:00:00 to 23:59:59; it is -00:05:00.",
            "Esi:MaxRetryAttempts must be between 1 and 10; it is 0.",
            "Esi:RetryBaseDelay must be between 00:00:00 and 00:01:00; it is 00:02:00.",
            "Esi:AttemptTimeout must be between 00:00:01 and 00:05:00; it is 00:00:00.",
        ], failures);
    }

    [Fact]
    public async Task The_app_binds_the_settings_from_the_Esi_section()
    {
        await using var app = new StandingsAppFactory(new() { ["Esi:ErrorLimitThreshold"] = "20", ["Esi:AttemptTimeout"] = "00:01:00" });

        var options = app.Services.GetRequiredService<IOptions<EsiClientOptions>>().Value;

        Assert.Equal(20, options.ErrorLimitThreshold);
        Assert.Equal(TimeSpan.FromMinutes(1), options.AttemptTimeout);
        Assert.Equal(new EsiClientOptions().MaxRetryAttempts, options.MaxRetryAttempts);
    }

    [Fact]
    public void Bad_settings_fail_with_one_message_per_problem_however_they_were_set()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEsiClient();
        services.Configure<EsiClientOptions>(o => (o.MaxRetryAttempts, o.AttemptTimeout) = (0, TimeSpan.FromMinutes(10)));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EsiClientOptions>>().Value);

        Assert.Equal(
        [
            "Esi:MaxRetryAttempts must be between 1 and 10; it is 0.",
            "Esi:AttemptTimeout must be between 00:00:01 and 00:05:00; it is 00:10:00.",
        ], error.Failures);
    }
}
