namespace StandingsManager.Core.Api;

/// <summary>
/// The effective standing on one active list, as the game resolves contacts: an entry for the character, else for its
/// corporation, else for its alliance. <paramref name="Standing"/> and <paramref name="DecidedBy"/> are null when none
/// of them is on the list (neutral).
/// </summary>
public sealed record ApiListStanding(int ListId, string ListName, double? Standing, ApiDecidingEntry? DecidedBy);
