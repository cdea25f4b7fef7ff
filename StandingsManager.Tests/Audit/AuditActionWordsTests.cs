using StandingsManager.Core.Audit;

namespace StandingsManager.Tests.Audit;

public sealed class AuditActionWordsTests
{
    public static TheoryData<AuditAction> Actions => [.. Enum.GetValues<AuditAction>()];

    /// <remarks>A new action without words would throw here, not show its identifier to people.</remarks>
    [Theory]
    [MemberData(nameof(Actions))]
    public void Every_action_has_words_not_its_identifier(AuditAction action)
    {
        var words = action.Describe();

        Assert.NotEqual(action.ToString(), words);
        Assert.Contains(" ", words, StringComparison.Ordinal);
        Assert.Equal(char.ToUpperInvariant(words[0]), words[0]);
    }

    [Fact]
    public void No_two_actions_read_the_same()
    {
        var words = Enum.GetValues<AuditAction>().Select(a => a.Describe()).ToList();

        Assert.Equal(words.Count, words.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal("Removal requested", AuditAction.RevocationCreated.Describe());
    }
}
