namespace StandingsManager.Core.Lists;

/// <summary>Where a list's entries come from.</summary>
public enum ListSource
{
    /// <summary>Members request, approvers decide (and administrators edit by hand).</summary>
    Requests = 0,
    /// <summary>Follows an alliance's or a corporation's in-game contact list.</summary>
    InGameContacts = 1,
    /// <summary>Computed from ESI's wars that involve the organisation.</summary>
    WarTargets = 2,
}

/// <summary>The access states a list reaches.</summary>
[Flags]
public enum ListAudienceStates
{
    None = 0,
    Member = 1,
    Blue = 2,
    /// <summary>Guests: only those the operator lets in (Standings:BasicAccessStates) ever see or receive a list.</summary>
    Guest = 4,
}
