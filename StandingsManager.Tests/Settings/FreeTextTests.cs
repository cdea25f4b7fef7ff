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
}
