using StandingsManager.Core;

namespace StandingsManager.Tests.Settings;

public sealed class FreeTextTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n ")]
    public void Blank_text_means_none(string? text) => Assert.Null(FreeText.Clean(text));

    [Fact]
    public void Text_is_trimmed() => Assert.Equal("Welcome aboard", FreeText.Clean("  Welcome aboard \n"));

    [Fact]
    public void Text_up_to_the_limit_is_kept_and_longer_text_refused()
    {
        Assert.Equal(FreeText.MaxLength, FreeText.Clean(new string('x', FreeText.MaxLength))!.Length);

        var ex = Assert.Throws<WorkflowException>(() => FreeText.Clean(new string('x', FreeText.MaxLength + 1)));

        Assert.Equal(WorkflowError.Invalid, ex.Error);
        Assert.Equal("Keep notes and reasons under 1000 characters.", ex.Message);
    }

    [Fact]
    public void A_shorter_limit_is_named_in_the_refusal()
    {
        Assert.Equal("Keep notes and reasons under 500 characters.",
            Assert.Throws<WorkflowException>(() => FreeText.Clean(new string('x', 501), 500)).Message);
    }

    [Fact]
    public void Truncate_keeps_text_that_fits_unchanged()
    {
        Assert.Equal("short", FreeText.Truncate("short", 5));
        Assert.Equal("", FreeText.Truncate("", 5));
    }

    [Fact]
    public void Truncate_cuts_longer_text_to_exactly_the_limit_ending_in_an_ellipsis()
    {
        var cut = FreeText.Truncate(new string('x', 2500), 2000);

        Assert.Equal(2000, cut.Length);
        Assert.Equal(new string('x', 1999) + "…", cut);
        Assert.Equal("abc…", FreeText.Truncate("abcdefgh", 4));
        Assert.Equal("…", FreeText.Truncate("ab", 1));
    }

    [Fact]
    public void Truncate_never_splits_a_surrogate_pair()
    {
        // "🚀" is two UTF-16 code units; cutting between them would leave a lone surrogate, which is not valid text.
        var cut = FreeText.Truncate("ab🚀cd", 4);

        Assert.Equal("ab…", cut);
        Assert.DoesNotContain(cut, char.IsSurrogate);
    }

    [Fact]
    public void Truncate_refuses_a_limit_with_no_room_for_the_ellipsis() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FreeText.Truncate("abc", 0));

    [Fact]
    public void ForLog_escapes_line_breaks_so_no_second_log_line_can_be_forged()
    {
        var safe = FreeText.ForLog("reason\r\nError Forged: admin granted\nmore");

        Assert.Equal("reason\\r\\nError Forged: admin granted\\nmore", safe);
        Assert.DoesNotContain('\r', safe);
        Assert.DoesNotContain('\n', safe);
    }

    [Fact]
    public void ForLog_escapes_other_control_and_line_separator_characters()
    {
        Assert.Equal("a\\u0009b\\u001Bc\\u0085d\\u2028e\\u2029f\\u0000", FreeText.ForLog("a\tb\u001bc\u0085d\u2028e\u2029f\0"));
    }

    [Fact]
    public void ForLog_keeps_ordinary_text_and_turns_null_into_empty()
    {
        const string name = "Ærin Crow-Ship 🚀 (CEO) \"quoted\"";
        Assert.Same(name, FreeText.ForLog(name));
        Assert.Equal("", FreeText.ForLog(null));
        Assert.Equal("", FreeText.ForLog(""));
    }
}
