using Microsoft.Extensions.Localization;
using StandingsManager.App.Localization;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Dashboard;

namespace StandingsManager.App.Components.Pages.Dashboard;

/// <summary>What a user without access reads on the dashboard, in one place: their state and why, who has access, what to do.</summary>
public static class GuestWords
{
    public static string State(IStringLocalizer<UiText> t, MyDashboard me)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(me);
        if (me.MainName is null)
            return t["Guest.NoCharacter"];
        var where = (me.CorporationName, me.AllianceName) switch
        {
            (null, _) => t["Guest.WhereUnknown"].Value,
            (var corp, null) => t["Guest.WhereNoAlliance", corp].Value,
            (var corp, var alliance) => t["Guest.WhereAlliance", corp, alliance].Value,
        };
        // Whole sentences per state, so each language can word "a blue" and "blues" its own way.
        return me.State == AccessState.Blue ? t["Guest.StateBlue", me.MainName, where] : t["Guest.StateGuest", me.MainName, where];
    }

    public static string WhoHasAccess(IStringLocalizer<UiText> t, MyDashboard me)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(me);
        var parts = new List<string>();
        if (me.AccessStates.Contains(AccessState.Member))
            parts.Add(me.Organization.Count == 0 ? t["Guest.WhoMembers"] : t["Guest.WhoMembersOf", Join(t, me.Organization, t["Guest.JoinAnd"])]);
        if (me.AccessStates.Contains(AccessState.Blue))
            parts.Add(t["Guest.WhoBlues"]);
        return parts.Count == 0 ? t["Guest.Nobody"] : t["Guest.Who", string.Join(t["Guest.JoinParts"], parts)];
    }

    public static string WhatToDo(IStringLocalizer<UiText> t, MyDashboard me)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(me);
        if (me.MainName is null)
            return t["Guest.AddCharacter"];
        var join = me.Organization.Count == 0 ? t["Guest.TheOrganisation"].Value : Join(t, me.Organization, t["Guest.JoinOr"]);
        return t["Guest.WhatToDo", join];
    }

    private static string Join(IStringLocalizer<UiText> t, IReadOnlyList<string> names, string last) =>
        names.Count <= 1 ? string.Join("", names) : $"{string.Join(t["Guest.JoinComma"], names.Take(names.Count - 1))}{last}{names[^1]}";
}
