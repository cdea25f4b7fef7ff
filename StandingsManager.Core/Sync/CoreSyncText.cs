using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Sync;

/// <summary>
/// Contact sync's messages for people (statuses, outcomes, previews, refusals) from CoreSyncText.resx and its
/// translations, in the current UI culture: the circuit's for what a person asks for, the process's for background
/// runs. Keys are literal where used ("Sync.LabelNotFound"), so a test can check each exists.
/// </summary>
public static class CoreSyncText
{
    private static readonly ResourceText Text = new(typeof(CoreSyncText));

    public static string Get(string key) => Text.Get(key);

    public static string Format(string key, params object?[] args) => Text.Format(key, args);

    /// <summary>Key.One/.Few/.Many/.Other as <paramref name="count"/> needs, the count as <c>{0}</c>, then <paramref name="args"/>.</summary>
    public static string Plural(string key, int count, params object?[] args) => Text.Plural(key, count, args);
}
