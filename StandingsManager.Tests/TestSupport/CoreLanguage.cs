using System.Globalization;

namespace StandingsManager.Tests.TestSupport;

/// <summary>
/// Core code run "in" a language: the current culture and UI culture set as a request or circuit sets them, and put
/// back when disposed, so the next test reads English again.
/// </summary>
public sealed class CoreLanguage : IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    private CoreLanguage(string culture)
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
    }

    public static CoreLanguage Speak(string culture) => new(culture);

    /// <summary>Sets the language for the rest of the test, as a request or circuit would, without putting it back.</summary>
    public static void Set(string culture)
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
    }

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
