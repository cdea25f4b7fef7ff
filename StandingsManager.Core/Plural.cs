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
}
