namespace StandingsManager.Core.Localization;

/// <summary>The name the app records for its own changes (as actor, requester, adder) and what a reader sees for it.</summary>
public static class SystemName
{
    public const string Stored = "System";

    /// <summary>The name as recorded, except the app's own, which reads in the reader's language.</summary>
    public static string Shown(string? name) => name == Stored ? CoreText.Get("Name.System") : name ?? "";
}
