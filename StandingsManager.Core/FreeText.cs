namespace StandingsManager.Core;

/// <summary>The one rule for what users type as notes, reasons and names: trimmed, blank means none, and short enough for its column.</summary>
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
            throw WorkflowException.Invalid($"Keep notes and reasons under {maxLength} characters.");
        return trimmed;
    }
}
