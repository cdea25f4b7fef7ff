using StandingsManager.App.Components.Shared;
using StandingsManager.Core.Standings;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Localization;

/// <summary>
/// Dates and numbers on the pages follow the reader's language: EVE time in its date order (English keeps the
/// year-first order EVE uses), standings with its decimal mark; what is stored for everyone keeps one form.
/// </summary>
public sealed class LocalFormatsTests
{
    private static readonly DateTimeOffset Moment = new(2026, 12, 6, 16, 38, 5, TimeSpan.Zero);

    [Theory]
    [InlineData("en", "2026-12-06 16:38")]
    [InlineData("de", "06.12.2026 16:38")]
    [InlineData("ru", "06.12.2026 16:38")]
    [InlineData("fr", "06/12/2026 16:38")]
    [InlineData("ja", "2026/12/06 16:38")]
    [InlineData("zh-Hans", "2026/12/6 16:38")]
    public void A_moment_reads_in_the_languages_date_order_with_a_24_hour_time(string culture, string expected)
    {
        using (CoreLanguage.Speak(culture))
            Assert.Equal(expected, EveTime.Text(Moment));
    }

    [Fact]
    public void Seconds_when_asked_and_the_time_is_utc_whatever_the_offset_given()
    {
        using (CoreLanguage.Speak("de"))
            Assert.Equal("06.12.2026 16:38:05", EveTime.Text(Moment.ToOffset(TimeSpan.FromHours(3)), seconds: true));
    }

    [Theory]
    [InlineData("en", "+5.0", "-10.0")]
    [InlineData("de", "+5,0", "-10,0")]
    [InlineData("ru", "+5,0", "-10,0")]
    [InlineData("ja", "+5.0", "-10.0")]
    public void A_standing_on_a_page_has_the_languages_decimal_mark_and_a_stored_one_keeps_the_point(string culture, string plus, string minus)
    {
        using (CoreLanguage.Speak(culture))
        {
            Assert.Equal((plus, minus), (StandingFormat.Display(5), StandingFormat.Display(-10)));
            Assert.Equal("+5.0", StandingFormat.Format(5));
        }
    }
}
