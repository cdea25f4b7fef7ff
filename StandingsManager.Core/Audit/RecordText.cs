using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Audit;

/// <summary>
/// The words of audit rows' details (what changed, why, how it was noticed) from RecordText.resx and its translations.
/// Details are written as a <see cref="Phrase"/>: the row keeps the English (what the API and the CSV export serve) and
/// every language, and the pages show the reader's.
/// </summary>
public static class RecordText
{
    private static readonly ResourceText Text = new(typeof(RecordText));

    public static string Get(string key) => Text.Get(key);

    public static string Format(string key, params object?[] args) => Text.Format(key, args);

    /// <summary>Key.One/.Few/.Many/.Other as <paramref name="count"/> needs, the count as <c>{0}</c>, then <paramref name="args"/>.</summary>
    public static string Plural(string key, int count, params object?[] args) => Text.Plural(key, count, args);

    /// <summary>A detail to be rendered in every language: a key of RecordText.resx and its arguments (phrases render in the same language).</summary>
    public static Phrase Said(string key, params object?[] args) => Text.Said(key, args);

    /// <summary>A standing as the detail's language writes it ("+5.0", "+5,0").</summary>
    public static Phrase Standing(double standing) => new(() => Standings.StandingFormat.Display(standing));

    /// <summary>An expiry: the day (or time, UTC) as records write it, or "none" in the detail's language.</summary>
    public static Phrase Expiry(DateTimeOffset? expiresAt) =>
        new(() => expiresAt is null ? Text.Get("Record.NoExpiry") : Standings.StandingFormat.FormatExpiry(expiresAt));
}
