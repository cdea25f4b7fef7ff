using StandingsManager.Core.Accounts;
using StandingsManager.Core.Dashboard;

namespace StandingsManager.App.Components.Pages.Dashboard;

/// <summary>What a user without access reads on the dashboard, in one place: their state and why, who has access, what to do.</summary>
public static class GuestWords
{
    public static string State(MyDashboard me)
    {
        ArgumentNullException.ThrowIfNull(me);
        if (me.MainName is null)
            return "Your account has no character yet, so the app cannot tell who you are in EVE.";
        var where = (me.CorporationName, me.AllianceName) switch
        {
            (null, _) => "in a corporation the app has not looked up yet",
            (var corp, null) => $"in {corp}, which is in no alliance",
            (var corp, var alliance) => $"in {corp} of {alliance}",
        };
        return $"Your main character, {me.MainName}, is {where}: that makes you {Article(me.State)} here, and {Describe(me.State)} have no access.";
    }

    public static string WhoHasAccess(MyDashboard me)
    {
        ArgumentNullException.ThrowIfNull(me);
        var parts = new List<string>();
        if (me.AccessStates.Contains(AccessState.Member))
            parts.Add(me.Organization.Count == 0 ? "members of the organisation" : $"members of {Join(me.Organization)}");
        if (me.AccessStates.Contains(AccessState.Blue))
            parts.Add("blues (anyone whose character, corporation or alliance holds a positive standing on one of the organisation's lists)");
        return parts.Count == 0 ? "Nobody has access at the moment: the operator has not opened the app to any state." : $"Who has access: {string.Join(", and ", parts)}.";
    }

    public static string WhatToDo(MyDashboard me)
    {
        ArgumentNullException.ThrowIfNull(me);
        if (me.MainName is null)
            return "Add your character on the Characters page.";
        var join = me.Organization.Count == 0 ? "the organisation" : Join(me.Organization, " or ");
        return $"Join {join} in game, or make a character who is in it your main on the Characters page; then sign out and in again. Questions? Ask the organisation's leadership in game.";
    }

    private static string Article(AccessState state) => state == AccessState.Blue ? "a blue" : "a guest";

    private static string Describe(AccessState state) => state == AccessState.Blue ? "blues" : "guests";

    private static string Join(IReadOnlyList<string> names, string last = " and ") =>
        names.Count <= 1 ? string.Join("", names) : $"{string.Join(", ", names.Take(names.Count - 1))}{last}{names[^1]}";
}
