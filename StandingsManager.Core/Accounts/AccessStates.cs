using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Accounts;

/// <summary>Who a user is to the organisation, decided by their main character (as Alliance Auth states).</summary>
public enum AccessState
{
    Guest = 0,
    Blue = 1,
    Member = 2,
}

public sealed class AccessStates(IOptions<StandingsOptions> options)
{
    /// <summary>Member: main in a configured corporation or alliance. Blue: main, its corporation or alliance holds a positive standing on an active list. Else Guest.</summary>
    public Task<AccessState> ResolveAsync(StandingsDbContext db, EveCharacter? main, CancellationToken ct) =>
        ResolveAsync(db, main, [], ct);

    /// <summary>
    /// As above, leaving <paramref name="ignoringEntryIds"/> out of the Blue test: the validator judges a member's basis
    /// without the standings that basis earned them, or leaving the alliance would never cost a requested standing.
    /// </summary>
    public async Task<AccessState> ResolveAsync(StandingsDbContext db, EveCharacter? main, IReadOnlyCollection<int> ignoringEntryIds, CancellationToken ct)
    {
        if (main is null)
            return AccessState.Guest;
        var organization = options.Value.Organization;
        if ((main.CorporationId is { } corp && organization.CorporationIds.Contains(corp)) ||
            (main.AllianceId is { } alliance && organization.AllianceIds.Contains(alliance)))
            return AccessState.Member;
        long[] ids = [main.Id, main.CorporationId ?? 0, main.AllianceId ?? 0];
        // Any active list counts: a disabled or deleted list's entries no longer vouch for anyone.
        return await db.Standings.AnyAsync(e => ids.Contains(e.EntityId) && e.Standing > 0 && !ignoringEntryIds.Contains(e.Id)
            && db.Lists.Any(l => l.Id == e.ListId && l.Enabled && l.DeletedAt == null), ct) ? AccessState.Blue : AccessState.Guest;
    }

    /// <summary>Only the listed states: an empty list (refused at start-up) lets nobody in rather than everybody.</summary>
    public bool HasBasicAccess(AccessState state) =>
        options.Value.BasicAccessStates.Contains(state.ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The scopes a character of a user in this state must grant: the contact scopes plus the state's extras.</summary>
    public IReadOnlyList<string> RequiredScopes(AccessState state) =>
        Eve.Sso.EveScopes.Contacts.Concat(StateScopes(state)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The extra scopes the operator requires of this state (<c>Standings:ScopeRequirements</c>).</summary>
    public IReadOnlyList<string> StateScopes(AccessState state) =>
        options.Value.ScopeRequirements
            .FirstOrDefault(r => string.Equals(r.Key, state.ToString(), StringComparison.OrdinalIgnoreCase)).Value ?? [];
}
