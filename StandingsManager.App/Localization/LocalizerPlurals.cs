using System.Globalization;
using Microsoft.Extensions.Localization;
using StandingsManager.Core;

namespace StandingsManager.App.Localization;

public static class LocalizerPlurals
{
    /// <summary>
    /// A counted text in the form the count takes in the current language: the key's .One, .Few, .Many or .Other
    /// variant (all four exist in every language; those a language does not use repeat .Other), with {0} the count.
    /// </summary>
    public static string Plural(this IStringLocalizer localizer, string key, int count)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var form = Core.Plural.Form(count, CultureInfo.CurrentUICulture);
        return localizer[$"{key}.{form}", count.ToString("N0", CultureInfo.CurrentCulture)];
    }
}
