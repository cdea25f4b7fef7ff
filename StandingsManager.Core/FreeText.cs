namespace StandingsManager.Core;

/// <summary>
/// The one rule for what users type as notes, reasons and names (trimmed, blank means none, short enough for its
/// column), and the one way text the app writes itself is cut to fit a column or a limit.
/// </summary>
public static class FreeText
{
    /// <summary>The longest note or reason the database keeps.</summary>
    public const int MaxLength = 1000;

    public static string? Clean(string? text, int maxLength = MaxLength)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return null;
        if (trimmed.Length > maxLength)
            throw WorkflowException.Invalid(Localization.CoreText.Format("FreeText.TooLong", maxLength));
        return trimmed;
    }

    /// <summary>
    /// The text unchanged when it fits, else cut to exactly <paramref name="maxLength"/> characters ending in "…", so the
    /// result always fits the column or limit and a reader can see it was cut. A surrogate pair is never split in two.
    /// </summary>
    public static string Truncate(string text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (text.Length <= maxLength)
            return text;
        var keep = maxLength - 1;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
            keep--;
        return string.Concat(text.AsSpan(0, keep), "…");
    }

    /// <summary>
    /// Text a user or EVE controls, made safe for one log line: CR and LF become the visible escapes "\r" and "\n", and every
    /// other control or line-breaking character (tab, escape, NEL, U+2028/U+2029) becomes "\uXXXX", so nobody can forge a
    /// second log line or hide text with terminal codes. Escapes rather than spaces keep an attempt visible to the reader.
    /// Null becomes the empty string.
    /// </summary>
    public static string ForLog(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        if (!text.Any(IsLogUnsafe))
            return text;
        var safe = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\r':
                    safe.Append("\\r");
                    break;
                case '\n':
                    safe.Append("\\n");
                    break;
                case var _ when IsLogUnsafe(c):
                    safe.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                    break;
                default:
                    safe.Append(c);
                    break;
            }
        }
        return safe.ToString();
    }

    private static bool IsLogUnsafe(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
