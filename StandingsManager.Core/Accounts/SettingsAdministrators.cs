using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Accounts;

/// <summary>
/// Who the settings' administrators (<c>Standings:Administrators</c>) are: a listed character counts only while it
/// belongs to the owner hash it was bound to. A character without a binding is still with the owner first seen: every
/// change of owner hash goes through <see cref="CharacterChangingHandsAsync"/>, which binds the old owner first.
/// </summary>
public static partial class SettingsAdministrators
{
    /// <summary>The listed characters still with their bound owner, as a query (for counts and joins).</summary>
    public static IQueryable<EveCharacter> Honoured(StandingsDbContext db, long[] configured) =>
        db.Characters.Where(c => configured.Contains(c.Id) &&
            !db.SettingsAdministratorBindings.Any(b => b.CharacterId == c.Id && b.OwnerHash != c.OwnerHash));

    /// <summary>
    /// An active account other than <paramref name="accountId"/> that is an administrator, granted or by the settings (a
    /// listed character still with its bound owner): the one rule for "not the last administrator".
    /// </summary>
    public static Task<bool> AnotherAdministratorAsync(StandingsDbContext db, int accountId, long[] configured, CancellationToken ct)
    {
        var bySettings = Honoured(db, configured).Select(c => c.AccountId);
        return db.Accounts.AnyAsync(a => a.Id != accountId && a.IsActive &&
            (a.Roles.Any(r => r.Role == Role.Administrator) || bySettings.Contains(a.Id)), ct);
    }

    /// <summary>Of <paramref name="characters"/> (one account's), the ids that make it an administrator by the settings.</summary>
    public static async Task<long[]> HonouredAsync(StandingsDbContext db, IEnumerable<EveCharacter> characters, long[] configured, CancellationToken ct)
    {
        var listed = characters.Where(c => configured.Contains(c.Id)).ToList();
        if (listed.Count == 0)
            return [];
        var ids = listed.Select(c => c.Id).ToList();
        var bindings = await db.SettingsAdministratorBindings.AsNoTracking().Where(b => ids.Contains(b.CharacterId))
            .ToDictionaryAsync(b => b.CharacterId, b => b.OwnerHash, ct);
        return [.. listed.Where(c => !bindings.TryGetValue(c.Id, out var bound) || bound == c.OwnerHash).Select(c => c.Id)];
    }

    /// <summary>A listed character seen for the first time is bound to its owner.</summary>
    public static void BindNew(StandingsDbContext db, EveCharacter character, long[] configured, DateTimeOffset now)
    {
        if (configured.Contains(character.Id))
            db.SettingsAdministratorBindings.Add(new SettingsAdministratorBinding { CharacterId = character.Id, OwnerHash = character.OwnerHash, BoundAt = now });
    }

    /// <summary>
    /// Called before a character's owner hash changes (it was sold). For a listed character the old owner is bound (if it
    /// was not yet), and when the new owner is not the bound one the operator is told in the log and the granted
    /// administrators by a notification: the new owner gets no settings role.
    /// </summary>
    public static async Task CharacterChangingHandsAsync(StandingsDbContext db, EveCharacter character, string newOwnerHash, long[] configured,
        ILogger logger, DateTimeOffset now, CancellationToken ct)
    {
        if (!configured.Contains(character.Id))
            return;
        var binding = await db.SettingsAdministratorBindings.SingleOrDefaultAsync(b => b.CharacterId == character.Id, ct);
        if (binding is null)
        {
            binding = new SettingsAdministratorBinding { CharacterId = character.Id, OwnerHash = character.OwnerHash, BoundAt = now };
            db.SettingsAdministratorBindings.Add(binding);
        }
        if (binding.OwnerHash == newOwnerHash)
            return; // back with the bound owner
        LogChangedHands(logger, FreeText.ForLog(character.Name), character.Id);
        var administrators = await db.AccountRoles.Where(r => r.Role == Role.Administrator)
            .Join(db.Accounts.Where(a => a.IsActive), r => r.AccountId, a => a.Id, (r, _) => r.AccountId).Distinct().ToListAsync(ct);
        foreach (var accountId in administrators)
            db.Notify(accountId, now, NotificationLevel.Warning, NotificationText.Format("Administrator.ChangedHands.Title", character.Name),
                NotificationText.Format("Administrator.ChangedHands.Body", character.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Bindings of characters no longer listed go: listing one again binds its owner of that moment (a re-bind).</summary>
    public static Task<int> ForgetUnlistedAsync(StandingsDbContext db, long[] configured, CancellationToken ct) =>
        db.SettingsAdministratorBindings.Where(b => !configured.Contains(b.CharacterId)).ExecuteDeleteAsync(ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name} ({CharacterId}), listed in Standings:Administrators, changed hands: " +
        "its new owner gets no settings role. Remove {CharacterId} from Standings:Administrators; to make the new owner a settings " +
        "administrator on purpose, remove it, start the app once, then list it again (that binds the owner of that moment).")]
    private static partial void LogChangedHands(ILogger logger, string name, long characterId);
}
