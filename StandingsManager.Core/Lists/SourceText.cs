using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Lists;

/// <summary>
/// What list sources (the in-game contacts followed, war targets) say: why a source stopped, and the notes on the
/// entries they write. Background reads write them, so they are said as a <see cref="Phrase"/> and kept in every language.
/// </summary>
public static class SourceText
{
    private static readonly ResourceText Text = new(typeof(SourceText));

    public static string Get(string key) => Text.Get(key);

    public static string Format(string key, params object?[] args) => Text.Format(key, args);

    public static string Plural(string key, int count, params object?[] args) => Text.Plural(key, count, args);

    /// <summary>A key of SourceText.resx and its arguments, to be rendered in any language (phrases render in the same one).</summary>
    public static Phrase Said(string key, params object?[] args) => Text.Said(key, args);
}
