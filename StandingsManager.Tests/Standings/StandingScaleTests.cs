using StandingsManager.Core;
using StandingsManager.Core.Standings;

namespace StandingsManager.Tests.Standings;

public sealed class StandingScaleTests
{
    [Theory]
    [InlineData(-10)]
    [InlineData(0)]
    [InlineData(5.5)]
    [InlineData(10)]
    public void Standings_from_minus_ten_to_plus_ten_are_valid(double standing)
    {
        Assert.True(StandingScale.Contains(standing));
        Assert.Null(StandingScale.Problem(standing));
        StandingScale.Require(standing);
    }

    [Theory]
    [InlineData(-10.5, "-10.5")]
    [InlineData(10.01, "10.01")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void Standings_off_the_scale_are_refused_with_the_value_named(double standing, string shown)
    {
        Assert.False(StandingScale.Contains(standing));
        Assert.Equal($"A standing must be between -10 and +10; {shown} is not.", StandingScale.Problem(standing));
        Assert.Equal(WorkflowError.Invalid, Assert.Throws<WorkflowException>(() => StandingScale.Require(standing)).Error);
    }

    [Theory]
    [InlineData(-10, StandingBand.Terrible)]
    [InlineData(-5.1, StandingBand.Terrible)]
    [InlineData(-5, StandingBand.Bad)]
    [InlineData(-0.1, StandingBand.Bad)]
    [InlineData(0, StandingBand.Neutral)]
    [InlineData(0.1, StandingBand.Good)]
    [InlineData(5, StandingBand.Good)]
    [InlineData(5.1, StandingBand.Excellent)]
    [InlineData(10, StandingBand.Excellent)]
    public void Each_standing_falls_in_eves_colour_band(double standing, StandingBand band) =>
        Assert.Equal(band, StandingScale.Band(standing));

    [Theory]
    [InlineData("5", 5)]
    [InlineData(" +7.5 ", 7.5)]
    [InlineData("-10", -10)]
    [InlineData("2,5", 2.5)]
    public void A_typed_standing_on_the_scale_is_read_as_it_is(string typed, double value) =>
        Assert.Equal(((double?)value, (string?)null), StandingScale.Parse(typed));

    [Theory]
    [InlineData("15", "A standing must be between -10 and +10; 15 is not.")]
    [InlineData("-10.5", "A standing must be between -10 and +10; -10.5 is not.")]
    [InlineData("abc", "'abc' is not a number: give a standing between -10 and +10.")]
    [InlineData("1e3", "'1e3' is not a number: give a standing between -10 and +10.")]
    [InlineData("", "Give a standing between -10 and +10.")]
    [InlineData(null, "Give a standing between -10 and +10.")]
    public void A_typed_standing_off_the_scale_is_refused_never_clamped(string? typed, string problem) =>
        Assert.Equal(((double?)null, (string?)problem), StandingScale.Parse(typed));
}
