using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Validation;

/// <summary>
/// The standings validator's findings for people (why an entry's basis is gone, or holds) from ValidatorText.resx and
/// its translations, in the current UI culture (the process's: the validator runs in the background). Keys are
/// literal where used ("Basis.Expired"), so a test can check each exists.
/// </summary>
public static class ValidatorText
{
    private static readonly ResourceText Text = new(typeof(ValidatorText));

    public static string Get(string key) => Text.Get(key);

    public static string Format(string key, params object?[] args) => Text.Format(key, args);

    /// <summary>Key.One/.Few/.Many/.Other as <paramref name="count"/> needs, the count as <c>{0}</c>, then <paramref name="args"/>.</summary>
    public static string Plural(string key, int count, params object?[] args) => Text.Plural(key, count, args);
}
