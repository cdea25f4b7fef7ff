using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Accounts;

/// <summary>Who is acting, with roles read from the database at the moment of acting.</summary>
public sealed record Actor(int AccountId, string Name, IReadOnlySet<Role> Roles, AccessState State = AccessState.Member, long? MainCharacterId = null)
{
    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>
    /// Refuses with a whole sentence in the reader's language (CoreText "Role.Needed.*"): a translation cannot be
    /// assembled from the role and a purpose. The sentence is only looked up when the actor lacks the role.
    /// </summary>
    public void Require(Role role, Func<string> refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        if (!Has(role))
            throw WorkflowException.Forbidden(refusal());
    }
}

/// <summary>Loads actors and their effective roles; never trusts roles a caller hands in.</summary>
public sealed class ActorLoader(IOptions<StandingsOptions> options, AccessStates states)
{
    public async Task<Actor> LoadAsync(StandingsDbContext db, int accountId, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking()
            .Include(a => a.Roles)
            .Include(a => a.Characters)
            .AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == accountId, ct)
            ?? throw WorkflowException.Forbidden(Localization.CoreText.Get("Account.Gone"));
        if (!account.IsActive)
            throw WorkflowException.Forbidden(Localization.CoreText.Get("Account.Deactivated"));

        var main = account.Characters.FirstOrDefault(c => c.Id == account.MainCharacterId) ?? account.Characters.FirstOrDefault();
        var state = await states.ResolveAsync(db, main, ct);
        var settingsAdministrator = await SettingsAdministrators.HonouredAsync(db, account.Characters, options.Value.Administrators, ct);
        var roles = EffectiveRoles(account.Roles.Select(r => r.Role), account.Characters.Select(c => c.Id), settingsAdministrator, states.HasBasicAccess(state));
        return new Actor(account.Id, main?.Name ?? $"Account {account.Id}", roles, state, account.MainCharacterId);
    }

    /// <summary>
    /// Member (basic access) comes from the user's state. Granted roles count only on top of basic access: a granted
    /// approver who left the organisation is a Guest like any other (the grants stay, and count again if they come back).
    /// Settings administrators are the exception: the operator named them. Administrator implies every other role.
    /// </summary>
    public static IReadOnlySet<Role> EffectiveRoles(IEnumerable<Role> granted, IEnumerable<long> characterIds, IEnumerable<long> configuredAdministrators, bool basicAccess = true)
    {
        var roles = new HashSet<Role>();
        if (basicAccess)
        {
            roles.UnionWith(granted);
            roles.Add(Role.Member);
        }
        if (characterIds.Intersect(configuredAdministrators).Any())
            roles.Add(Role.Administrator);
        if (roles.Contains(Role.Administrator))
        {
            roles.Add(Role.Member);
            roles.Add(Role.Approver);
            roles.Add(Role.Auditor);
        }
        return roles;
    }
}
