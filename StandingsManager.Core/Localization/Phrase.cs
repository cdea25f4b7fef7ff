using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace StandingsManager.Core.Localization;

/// <summary>
/// A message for people that is stored and read later, maybe by someone with another language: a sync status, a run's
/// message, a validator's finding. It renders in the current culture when used at once, and <see cref="Capture"/>
/// renders it in every language for storage, so a German member reads in German what a background run wrote.
/// </summary>
public sealed class Phrase(Func<string> render)
{
    /// <summary>Data that is the same in every language: a person's own words, a name.</summary>
    public static Phrase AsWritten(string text) => new(() => text);

    /// <summary>A message stored earlier, said again: in its translations when it has them, else as stored (older rows).</summary>
    public static Phrase Stored(string english, string? translationsJson) =>
        Translations.FromJson(translationsJson) is { } texts ? new(() => texts.In(CultureInfo.CurrentUICulture)) : AsWritten(english);

    /// <summary>In the current UI culture.</summary>
    public string Render() => render();

    /// <summary>In <paramref name="culture"/>: its words, numbers and dates.</summary>
    public string In(CultureInfo culture)
    {
        var (ui, formats) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = culture;
            CultureInfo.CurrentCulture = culture;
            return render();
        }
        finally
        {
            CultureInfo.CurrentUICulture = ui;
            CultureInfo.CurrentCulture = formats;
        }
    }

    /// <summary>The message in every language, each cut to <paramref name="maxLength"/>.</summary>
    public Translations Capture(int maxLength) =>
        new(Languages.Cultures.ToDictionary(c => c.Name, c => FreeText.Truncate(In(c), maxLength), StringComparer.OrdinalIgnoreCase));

    public override string ToString() => Render();

    public static implicit operator string(Phrase phrase) => phrase.Render();
}

/// <summary>A stored message in each of the UI's languages; read in the reader's, falling back to English.</summary>
public sealed class Translations
{
    private readonly IReadOnlyDictionary<string, string> texts;

    internal Translations(IReadOnlyDictionary<string, string> texts) => this.texts = texts;

    public string English => texts.GetValueOrDefault(Languages.Default) ?? texts.Values.FirstOrDefault() ?? "";

    /// <summary>In <paramref name="culture"/>, or its parent's ("de-AT" reads "de"), or English.</summary>
    public string In(CultureInfo culture)
    {
        for (var c = culture; !string.IsNullOrEmpty(c.Name); c = c.Parent)
        {
            if (texts.TryGetValue(c.Name, out var text))
                return text;
        }
        return English;
    }

    public string ToJson() => JsonSerializer.Serialize(texts, JsonOptions);

    /// <summary>The stored translations, or null when there are none or they cannot be read (then the stored English stands).</summary>
    public static Translations? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return null;
        try
        {
            var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(json, JsonOptions);
            return texts is null || texts.Count == 0 ? null : new(new Dictionary<string, string>(texts, StringComparer.OrdinalIgnoreCase));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What a page shows for a stored message: its translation into the reader's language if it has them, else as stored.</summary>
    public static string? Show(string? stored, string? translationsJson) =>
        stored is null ? null : FromJson(translationsJson)?.In(CultureInfo.CurrentUICulture) ?? stored;

    // Names in any script stay readable and short in the column; the JSON never goes into a page unencoded.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
