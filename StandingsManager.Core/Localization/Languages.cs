using System.Globalization;

namespace StandingsManager.Core.Localization;

/// <summary>
/// The UI's languages: EVE's eight client languages. Chinese is <c>zh-Hans</c> (Simplified, the script) rather than
/// <c>zh-CN</c> (a region): browsers send zh-CN or zh-SG, whose parent culture is zh-Hans, so both land on it, while
/// zh-TW and zh-HK (Traditional, which EVE's client does not ship) fall back to English rather than to the wrong script.
/// </summary>
public static class Languages
{
    public const string Default = "en";

    /// <summary>The culture names, English first (the default and the neutral resources).</summary>
    public static readonly IReadOnlyList<string> Supported = ["en", "de", "ru", "fr", "es", "ja", "ko", "zh-Hans"];

    /// <summary>Each language's name in its own language, as a picker shows it.</summary>
    public static readonly IReadOnlyDictionary<string, string> NativeNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "English",
        ["de"] = "Deutsch",
        ["ru"] = "Русский",
        ["fr"] = "Français",
        ["es"] = "Español",
        ["ja"] = "日本語",
        ["ko"] = "한국어",
        ["zh-Hans"] = "简体中文",
    };

    /// <summary>The supported culture name as spelt here ("DE" becomes "de"), or null for anything else.</summary>
    public static string? Find(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : Supported.FirstOrDefault(s => string.Equals(s, name.Trim(), StringComparison.OrdinalIgnoreCase));

    public static IReadOnlyList<CultureInfo> Cultures { get; } = [.. Supported.Select(CultureInfo.GetCultureInfo)];

    /// <summary>The language records are kept in for programs (the API, CSV exports) and for comparing stored texts.</summary>
    public static CultureInfo English { get; } = CultureInfo.GetCultureInfo(Default);
}
