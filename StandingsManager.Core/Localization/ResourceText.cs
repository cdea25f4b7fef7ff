using System.Globalization;
using System.Resources;

namespace StandingsManager.Core.Localization;

/// <summary>
/// One Core resource family read in the current UI culture: what a static XxxText class (CoreSyncText, ValidatorText)
/// hands out, so each of them is only its keys' home. A missing key reads as the key itself; a test fails on that.
/// </summary>
internal sealed class ResourceText(Type resource)
{
    private readonly ResourceManager resources = new(resource);

    public string Get(string key) => resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    /// <summary>The message with its <c>{0}</c> placeholders filled, numbers and dates in the current culture.</summary>
    public string Format(string key, object?[] args) => string.Format(CultureInfo.CurrentCulture, Get(key), args);

    /// <summary>
    /// The form of <paramref name="key"/> (Key.One, .Few, .Many or .Other) that <paramref name="count"/> takes in the
    /// current language, with the count as <c>{0}</c> (grouped as the culture groups, like the App's plurals) and
    /// <paramref name="args"/> from <c>{1}</c>.
    /// </summary>
    /// <summary>The message to be rendered later in any language; arguments that are phrases render in that same language.</summary>
    public Phrase Said(string key, object?[] args) => new(() => Format(key, [.. args.Select(a => a is Phrase p ? p.Render() : a)]));

    public string Plural(string key, int count, object?[] args) =>
        Format($"{key}.{Core.Plural.Form(count, CultureInfo.CurrentUICulture)}", [count.ToString("N0", CultureInfo.CurrentCulture), .. args]);
}
