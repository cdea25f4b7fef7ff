using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Accounts;

/// <summary>One account as the Users &amp; Roles page lists it.</summary>
/// <param name="Granted">Roles granted in the app (stored), as opposed to those that follow from them or from the settings.</param>
/// <param name="ConfiguredAdministrator">A character of the account is in <c>Standings:Administrators</c>: Administrator cannot be withdrawn here.</param>
public sealed record UserRow(
    int AccountId,
    long? MainCharacterId,
    string MainName,
    AccessState State,
    bool IsActive,
    IReadOnlyList<string> Characters,
    IReadOnlyList<Role> Granted,
    IReadOnlySet<Role> Effective,
    bool ConfiguredAdministrator);

/// <summary>Administrators grant and withdraw the roles people hold in the app. Every call checks the caller's role again.</summary>
public sealed class UserAdministration(
    IDbContextFactory<StandingsDbContext> dbFactory,
    ActorLoader actors,
    AccessStates states,
    RoleChanges roleChanges,
    IOptions<StandingsOptions> options,
    TimeProvider time)
{
    /// <summary>The roles an administrator hands out; Member is basic access and comes from the state.</summary>
    public static readonly IReadOnlyList<Role> GrantableRoles = [Role.Approver, Role.Administrator, Role.Auditor];

    /// <summary>Every account, a page at a time, ordered by main name; <paramref name="search"/> matches any of its characters' names.</summary>
    public async Task<Page<UserRow>> ListAsync(int actorAccountId, string? search, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Administrator, () => CoreText.Get("Role.Needed.ManageUsers"));

        var accounts = db.Accounts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLower();
            accounts = accounts.Where(a => a.Characters.Any(c => c.Name.ToLower().Contains(term)));
        }
        var total = await accounts.CountAsync(ct);
        var page = await accounts
            .Select(a => new { Account = a, MainName = a.Characters.Where(c => c.Id == a.MainCharacterId).Select(c => c.Name).FirstOrDefault() })
            .OrderBy(a => a.MainName).ThenBy(a => a.Account.Id)
            .Skip(skip).Take(take)
            .Select(a => a.Account)
            .Include(a => a.Characters)
            .Include(a => a.Roles)
            .AsSplitQuery()
            .ToListAsync(ct);

        var configured = options.Value.Administrators;
        var rows = new List<UserRow>(page.Count);
        foreach (var account in page)
        {
            var main = account.Characters.FirstOrDefault(c => c.Id == account.MainCharacterId) ?? account.Characters.FirstOrDefault();
            var state = await states.ResolveAsync(db, main, ct);
            var granted = account.Roles.Select(r => r.Role).Order().ToList();
            var settingsAdministrator = await SettingsAdministrators.HonouredAsync(db, account.Characters, configured, ct);
            rows.Add(new UserRow(
                account.Id,
                account.MainCharacterId,
                main?.Name ?? $"Account {account.Id}",
                state,
                account.IsActive,
                [.. account.Characters.OrderBy(c => c.Id != account.MainCharacterId).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Select(c => c.Name)],
                granted,
                ActorLoader.EffectiveRoles(granted, account.Characters.Select(c => c.Id), settingsAdministrator, states.HasBasicAccess(state)),
                settingsAdministrator.Length > 0));
        }
        return new Page<UserRow>(rows, total);
    }

    /// <summary>Grants <paramref name="role"/>; audited with the reason, the member told. It counts from the member's next request.</summary>
    public async Task GrantAsync(int actorAccountId, int accountId, Role role, string? reason, CancellationToken ct = default)
    {
        var why = RequireReason(reason);
        RequireGrantable(role);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, () => CoreText.Get("Role.Needed.GrantRoles"));
        var account = await LoadAccountAsync(db, accountId, ct);
        if (account.Roles.Any(r => r.Role == role) || (role == Role.Administrator && await BySettingsAsync(db, account, ct)))
            throw WorkflowException.Conflict(CoreText.Format("Roles.AlreadyHeld", NameOf(account), RoleNames.Of(role)));

        var now = time.GetUtcNow();
        db.AccountRoles.Add(new AccountRole { AccountId = account.Id, Role = role, GrantedAt = now, GrantedByName = actor.Name });
        RecordAndNotify(db, actor, account, AuditAction.RoleGranted, role, why, now,
            NotificationText.Format("Role.Granted.Title", RoleText(role)), NotificationText.Format("Role.Granted.Body", actor.Name, RoleText(role), why));
        await db.SaveStepAsync(CoreText.Format("Roles.ChangedMeanwhile", NameOf(account)), ct);
        await roleChanges.ChangedAsync(account.Id);
    }

    /// <summary>
    /// Withdraws a granted role. Refused for Administrator when the settings make the account one anyway, and when it
    /// would leave the app without any administrator.
    /// </summary>
    public async Task WithdrawAsync(int actorAccountId, int accountId, Role role, string? reason, CancellationToken ct = default)
    {
        var why = RequireReason(reason);
        RequireGrantable(role);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One write transaction from the checks to the removal (see WriteTransactions): two administrators withdrawing
        // each other run one after the other, so the second sees the first's change and one administrator remains.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.Accounts, ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, () => CoreText.Get("Role.Needed.WithdrawRoles"));
        var account = await LoadAccountAsync(db, accountId, ct);
        if (role == Role.Administrator && await BySettingsAsync(db, account, ct))
            throw WorkflowException.Invalid(CoreText.Format("Accounts.AdministratorBySettings", NameOf(account)));
        var held = account.Roles.SingleOrDefault(r => r.Role == role)
            ?? throw WorkflowException.Conflict(CoreText.Format("Roles.NotHeld", NameOf(account), RoleNames.Of(role)));
        if (role == Role.Administrator && !await SettingsAdministrators.AnotherAdministratorAsync(db, account.Id, options.Value.Administrators, ct))
            throw WorkflowException.Invalid(CoreText.Format("Accounts.LastAdministrator", NameOf(account)));

        var now = time.GetUtcNow();
        db.AccountRoles.Remove(held);
        RecordAndNotify(db, actor, account, AuditAction.RoleRevoked, role, why, now,
            NotificationText.Format("Role.Withdrawn.Title", RoleText(role)), NotificationText.Format("Role.Withdrawn.Body", actor.Name, RoleText(role), why));
        await db.SaveStepAsync(CoreText.Format("Roles.ChangedMeanwhile", NameOf(account)), ct);
        await transaction.CommitAsync(ct);
        await roleChanges.ChangedAsync(account.Id);
    }

    /// <summary>A character of the account makes it an administrator by the settings (listed, and still with its bound owner).</summary>
    private async Task<bool> BySettingsAsync(StandingsDbContext db, Account account, CancellationToken ct) =>
        (await SettingsAdministrators.HonouredAsync(db, account.Characters, options.Value.Administrators, ct)).Length > 0;

    private static async Task<Account> LoadAccountAsync(StandingsDbContext db, int accountId, CancellationToken ct) =>
        await db.Accounts.Include(a => a.Roles).Include(a => a.Characters).AsSplitQuery().SingleOrDefaultAsync(a => a.Id == accountId, ct)
        ?? throw WorkflowException.NotFound(CoreText.Get("Accounts.Gone"));

    private static void RecordAndNotify(StandingsDbContext db, Actor actor, Account account, AuditAction action, Role role, string reason,
        DateTimeOffset now, LocalText title, LocalText body)
    {
        var main = account.Characters.FirstOrDefault(c => c.Id == account.MainCharacterId);
        db.Record(now, action, actor, main?.Id, main is null ? null : EntityType.Character, NameOf(account), details: RecordText.Said("Record.Role", new Localization.Phrase(() => RoleNames.Of(role)), reason));
        db.Notify(account.Id, now, NotificationLevel.Info, title, body);
    }

    /// <summary>A grantable role's name in the reader's language.</summary>
    private static LocalText RoleText(Role role) => role == Role.Administrator ? NotificationText.Get("Role.Administrator") : NotificationText.Get("Role.Approver");

    private static string RequireReason(string? reason) =>
        FreeText.Clean(reason) ?? throw WorkflowException.Invalid(CoreText.Get("Accounts.ReasonForMember"));

    private static void RequireGrantable(Role role)
    {
        if (!GrantableRoles.Contains(role))
            throw WorkflowException.Invalid(CoreText.Format("Roles.NotGrantable", string.Join(", ", GrantableRoles.Select(RoleNames.Of))));
    }

    private static string NameOf(Account account) =>
        account.Characters.FirstOrDefault(c => c.Id == account.MainCharacterId)?.Name ?? $"Account {account.Id}";
}
