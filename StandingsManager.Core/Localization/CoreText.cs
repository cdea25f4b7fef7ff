using System.Globalization;

namespace StandingsManager.Core.Localization;

/// <summary>
/// Core's messages for people (validation and refusals), from CoreText.resx and its translations, in the current UI
/// culture: the request's, or the circuit's in Blazor. Core stays UI-free: no localizer, only the resource manager.
/// Keys are named by place and meaning ("Standing.OutOfRange"); a test checks that every key used here exists.
/// </summary>
public static class CoreText
{
    private static readonly ResourceText Text = new(typeof(CoreText));

    /// <summary>The message, or the key itself if it is missing (a test fails on that before anyone reads it).</summary>
    public static string Get(string key) => Text.Get(key);

    /// <summary>The message with its <c>{0}</c> placeholders filled, numbers and dates in the current culture.</summary>
    public static string Format(string key, params object?[] args) => Text.Format(key, args);

    /// <summary>The message to be rendered later in any language; arguments that are phrases render in that same language.</summary>
    public static Phrase Said(string key, params object?[] args) => Text.Said(key, args);

    /// <summary>
    /// The sentence for a count in the plural form the current language gives it (keys <c>Key.One</c>, <c>.Few</c>,
    /// <c>.Many</c>, <c>.Other</c>, all four in every file); <c>{0}</c> is the count, <paramref name="args"/> follow as {1}…
    /// </summary>
    public static string Plural(string key, int count, params object?[] args) =>
        Format($"{key}.{Core.Plural.Form(count, CultureInfo.CurrentUICulture)}", [count, .. args]);
}
