using System.Globalization;
using System.Resources;
using System.Text.Encodings.Web;
using System.Text.Json;
using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Notifications;

/// <summary>
/// The texts of notifications (the bell) and Discord alerts, from NotificationText.resx and its translations. A text is
/// kept as its key and arguments (<see cref="LocalText"/>, stored beside the English rendering) and rendered when read:
/// the bell in the reader's language, Discord in the operator's (<c>Notifications:Language</c>). A member who changes
/// language reads old notifications in the new one too, and nothing has to know the recipient's language when writing.
/// </summary>
public static class NotificationText
{
    private static readonly ResourceManager Resources = new(typeof(NotificationText));

    /// <summary>English, the language the stored Title and Body are written in (for anything that reads them raw).</summary>
    public static CultureInfo Stored { get; } = CultureInfo.GetCultureInfo(Languages.Default);

    /// <summary>A text without arguments, to be rendered later.</summary>
    public static LocalText Get(string key) => new(key, []);

    /// <summary>A text with <c>{0}</c> placeholders, to be rendered later. Arguments: strings (names, reasons: data),
    /// numbers, <see cref="DateTimeOffset"/> (UTC), <see cref="StandingValue"/> or another <see cref="LocalText"/>.</summary>
    public static LocalText Format(string key, params object?[] args) => new(key, args);

    /// <summary>The template in <paramref name="culture"/>, or the key itself if it is missing (a test fails on that first).</summary>
    internal static string Template(CultureInfo culture, string key) =>
        key.Length == 0 ? "{0}" : Resources.GetString(key, culture) ?? key;
}

/// <summary>A standing in a text: "+5.0" in English, "+5,0" in German.</summary>
public readonly record struct StandingValue(double Value)
{
    public string ToString(CultureInfo culture) => (Value > 0 ? "+" : "") + Value.ToString("0.0", culture);
}

/// <summary>A notification text not yet rendered: a NotificationText key and its arguments, storable as JSON.</summary>
public sealed class LocalText
{
    public LocalText(string key, IReadOnlyList<object?> args)
    {
        Key = key;
        Args = args;
    }

    public string Key { get; }
    public IReadOnlyList<object?> Args { get; }

    /// <summary>A message kept in every language elsewhere (a sync status, a validator finding), shown in the reader's.</summary>
    public static LocalText Of(Phrase message) => Of(message.Capture(FreeText.MaxLength));

    /// <summary>A message already kept in every language (a character's sync status), shown in the reader's.</summary>
    public static LocalText Of(Translations message) => new("", [message]);

    /// <summary>The text in <paramref name="culture"/>: its words, numbers and dates.</summary>
    public string Render(CultureInfo culture)
    {
        var template = NotificationText.Template(culture, Key);
        if (Args.Count == 0)
            return template;
        var values = Args.Select(a => a switch
        {
            LocalText nested => nested.Render(culture),
            StandingValue standing => standing.ToString(culture),
            Translations translations => translations.In(culture),
            DateTimeOffset at => at.ToUniversalTime(),
            _ => a,
        }).ToArray();
        return string.Format(culture, template, values);
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        // Names in any script stay readable and short in the column; the JSON never goes into a page unencoded.
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(writer);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The stored text, or null when it cannot be read (then the stored English stands).</summary>
    public static LocalText? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return null;
        }
    }

    // {"k": key, "a": [args]}; an argument is a JSON string (data), or an object: {"n": 3} a number, {"s": 5.0} a
    // standing, {"m": {"en": ..., "de": ...}} a message stored in every language, {"t": "2027-01-31T11:00:00+00:00"} a time, {"k": ...} a nested text.
    private void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("k", Key);
        writer.WriteStartArray("a");
        foreach (var arg in Args)
        {
            switch (arg)
            {
                case null:
                    writer.WriteStringValue("");
                    break;
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case LocalText nested:
                    nested.Write(writer);
                    break;
                case Translations translations:
                    writer.WriteStartObject();
                    writer.WritePropertyName("m");
                    writer.WriteRawValue(translations.ToJson());
                    writer.WriteEndObject();
                    break;
                case StandingValue standing:
                    writer.WriteStartObject();
                    writer.WriteNumber("s", standing.Value);
                    writer.WriteEndObject();
                    break;
                case DateTimeOffset at:
                    writer.WriteStartObject();
                    writer.WriteString("t", at.ToUniversalTime());
                    writer.WriteEndObject();
                    break;
                case int or long:
                    writer.WriteStartObject();
                    writer.WriteNumber("n", Convert.ToInt64(arg, CultureInfo.InvariantCulture));
                    writer.WriteEndObject();
                    break;
                case double or float or decimal:
                    writer.WriteStartObject();
                    writer.WriteNumber("d", Convert.ToDouble(arg, CultureInfo.InvariantCulture));
                    writer.WriteEndObject();
                    break;
                default:
                    throw new InvalidOperationException($"A notification text cannot keep a {arg.GetType().Name}.");
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static LocalText Read(JsonElement element)
    {
        var args = element.GetProperty("a").EnumerateArray().Select(ReadArg).ToArray();
        return new LocalText(element.GetProperty("k").GetString() ?? "", args);
    }

    private static object? ReadArg(JsonElement arg)
    {
        if (arg.ValueKind == JsonValueKind.String)
            return arg.GetString();
        if (arg.TryGetProperty("k", out _))
            return Read(arg);
        if (arg.TryGetProperty("m", out var translations))
            return Translations.FromJson(translations.GetRawText());
        if (arg.TryGetProperty("s", out var standing))
            return new StandingValue(standing.GetDouble());
        if (arg.TryGetProperty("t", out var at))
            return at.GetDateTimeOffset();
        if (arg.TryGetProperty("n", out var number))
            return number.GetInt64();
        return arg.GetProperty("d").GetDouble();
    }
}
