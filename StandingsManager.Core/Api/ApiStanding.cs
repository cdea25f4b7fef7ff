namespace StandingsManager.Core.Api;

/// <summary>
/// What one EVE id is to us. <paramref name="Status"/>: <c>known</c> (see <paramref name="Lists"/>), <c>unknown</c>
/// (EVE knows no character, corporation or alliance with this id) or <c>unchecked</c> (the call held so many ids EVE
/// does not know that the rest were not checked, to spare ESI's error budget: ask again for those). For a character, <paramref name="CorporationId"/> and <paramref name="AllianceId"/> are the ones
/// its standing was resolved through.
/// </summary>
public sealed record ApiStanding(long Id, string Status, string? Type, string? Name, long? CorporationId, long? AllianceId, IReadOnlyList<ApiListStanding> Lists)
{
    public const string Known = "known";
    public const string Unknown = "unknown";
    public const string Unchecked = "unchecked";
}
