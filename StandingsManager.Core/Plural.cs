using System.Globalization;

namespace StandingsManager.Core;

/// <summary>
/// A count with its noun in the right form ("1 request", "2 requests"): the one place the app makes plural forms, so
/// every count reads right and a translation can take the rule over later.
/// </summary>
public static class Plural
{
    /// <summary>The count and its noun; <paramref name="many"/> for nouns whose plural is not the singular plus "s".</summary>
    public static string Count(int count, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {Noun(count, one, many)}");

    /// <summary>The noun alone, in the form the count takes.</summary>
    public static string Noun(int count, string one, string? many = null) => count == 1 ? one : many ?? one + "s";

    /// <summary>
    /// The plural form a count takes in a language (CLDR's cardinal rules for the UI's languages, integers only): English,
    /// German and Spanish have One and Other; French counts 0 and 1 as One; Russian has One, Few and Many; Japanese,
    /// Korean and Chinese have Other only.
    /// </summary>
    public static PluralForm Form(int count, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var n = Math.Abs((long)count);
        return culture.TwoLetterISOLanguageName switch
        {
            "ja" or "ko" or "zh" => PluralForm.Other,
            "fr" => n <= 1 ? PluralForm.One : PluralForm.Other,
            "ru" => (n % 10, n % 100) switch
            {
                (1, not 11) => PluralForm.One,
                ( >= 2 and <= 4, not (>= 12 and <= 14)) => PluralForm.Few,
                _ => PluralForm.Many,
            },
            _ => n == 1 ? PluralForm.One : PluralForm.Other,
        };
    }
}
