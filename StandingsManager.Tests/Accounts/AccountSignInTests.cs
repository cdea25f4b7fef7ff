using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Sync;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Accounts;

public sealed class AccountSignInTests
{
    private static EveTokenIdentity Identity(long id, string name, string owner) =>
        new(id, name, owner, ["publicData"], Start.AddMinutes(20));

    [Fact]
    public async Task A_new_character_creates_an_account_with_it_as_main()
    {
        await using var t = await CreateAsync();

        var accountId = await t.SignIn.SignInAsync(Identity(1001, "Newbie", "hash-1"), Ct);

        await using var db = t.CreateDbContext();
        var account = await db.Accounts.Include(a => a.Characters).SingleAsync(Ct);
        Assert.Equal(accountId, account.Id);
        Assert.Equal(1001, account.MainCharacterId);
        Assert.True(account.IsActive);
        Assert.Equal(Start, account.CreatedAt);
        var character = Assert.Single(account.Characters);
        Assert.Equal(1001, character.Id);
        Assert.Equal("Newbie", character.Name);
        Assert.Equal("hash-1", character.OwnerHash);
        Assert.Equal(Start, character.AddedAt);
        Assert.Equal(0, await db.Audit.CountAsync(Ct));
        Assert.Equal(0, await db.Notifications.CountAsync(Ct));
        var actor = await t.Actors.LoadAsync(db, accountId, Ct);
        Assert.Equal("Newbie", actor.Name);
    }

    [Fact]
    public async Task The_same_character_and_owner_returns_the_same_account_and_refreshes_the_name()
    {
        await using var t = await CreateAsync();
        var first = await t.SignIn.SignInAsync(Identity(1001, "Newbie", "hash-1"), Ct);
        t.Time.Advance(TimeSpan.FromDays(1));

        var second = await t.SignIn.SignInAsync(Identity(1001, "Renamed Newbie", "hash-1"), Ct);

        Assert.Equal(first, second);
        await using var db = t.CreateDbContext();
        Assert.Equal(1, await db.Accounts.CountAsync(Ct));
        var character = await db.Characters.SingleAsync(Ct);
        Assert.Equal("Renamed Newbie", character.Name);
        Assert.Equal(Start, character.AddedAt);
    }

    [Fact]
    public async Task A_sold_character_moves_to_a_new_account_and_loses_its_tokens()
    {
        await using var t = await CreateAsync();
        var oldAccount = await t.AddAccountAsync(1001, "Seller Main");
        await t.AddCharacterAsync(oldAccount, 1002, "Sold Alt");
        await using (var db = t.CreateDbContext())
        {
            db.Tokens.Add(new EveToken { CharacterId = 1002, EncryptedRefreshToken = "enc-sold", UpdatedAt = Start });
            db.Tokens.Add(new EveToken { CharacterId = 1001, EncryptedRefreshToken = "enc-main", UpdatedAt = Start });
            db.SyncedCharacters.Add(new SyncedCharacter { CharacterId = 1002, AccountId = oldAccount, CreatedAt = Start });
            db.ManagedContacts.Add(new ManagedContact { CharacterId = 1002, ContactId = 5, Standing = 5, WrittenAt = Start });
            await db.SaveChangesAsync(Ct);
        }
        t.Time.Advance(TimeSpan.FromDays(3));

        var newAccount = await t.SignIn.SignInAsync(Identity(1002, "Sold Alt", OwnerHashOf(1002) + "-buyer"), Ct);

        Assert.NotEqual(oldAccount, newAccount);
        await using var check = t.CreateDbContext();
        var moved = await check.Characters.SingleAsync(c => c.Id == 1002, Ct);
        Assert.Equal(newAccount, moved.AccountId);
        Assert.Equal(OwnerHashOf(1002) + "-buyer", moved.OwnerHash);
        Assert.Equal(Start.AddDays(3), moved.AddedAt);
        Assert.Equal(1002, (await check.Accounts.SingleAsync(a => a.Id == newAccount, Ct)).MainCharacterId);
        Assert.Equal(1001, (await check.Accounts.SingleAsync(a => a.Id == oldAccount, Ct)).MainCharacterId);
        Assert.Equal(oldAccount, (await check.Characters.SingleAsync(c => c.Id == 1001, Ct)).AccountId);

        Assert.Equal(["enc-main"], await check.Tokens.Select(tk => tk.EncryptedRefreshToken).ToListAsync(Ct));
        Assert.Equal(0, await check.SyncedCharacters.CountAsync(Ct));
        Assert.Equal(0, await check.ManagedContacts.CountAsync(Ct));

        var audit = await check.Audit.SingleAsync(Ct);
        Assert.Equal(AuditAction.CharacterTransferred, audit.Action);
        Assert.Null(audit.ActorAccountId);
        Assert.Equal("System", audit.ActorName);
        Assert.Equal(1002, audit.SubjectId);
        Assert.Equal(EntityType.Character, audit.SubjectType);
        Assert.Equal("Sold Alt", audit.SubjectName);
        Assert.Equal(Start.AddDays(3), audit.At);

        var notification = await check.Notifications.SingleAsync(Ct);
        Assert.Equal(oldAccount, notification.AccountId);
        Assert.Equal(NotificationLevel.Warning, notification.Level);
        Assert.Equal("Sold Alt moved to another EVE account", notification.Title);
    }

    [Fact]
    public async Task Selling_the_main_character_promotes_another_character_of_the_old_account()
    {
        await using var t = await CreateAsync();
        var oldAccount = await t.AddAccountAsync(1001, "Seller Main");
        await t.AddCharacterAsync(oldAccount, 1002, "Kept Alt");

        var newAccount = await t.SignIn.SignInAsync(Identity(1001, "Seller Main", "buyer-hash"), Ct);

        await using var db = t.CreateDbContext();
        Assert.Equal(1002, (await db.Accounts.SingleAsync(a => a.Id == oldAccount, Ct)).MainCharacterId);
        Assert.Equal(1001, (await db.Accounts.SingleAsync(a => a.Id == newAccount, Ct)).MainCharacterId);
        Assert.Equal("Kept Alt", (await t.Actors.LoadAsync(db, oldAccount, Ct)).Name);
        Assert.Equal("Seller Main", (await t.Actors.LoadAsync(db, newAccount, Ct)).Name);
    }

    [Fact]
    public async Task Selling_the_only_character_leaves_the_old_account_without_a_main()
    {
        await using var t = await CreateAsync();
        var oldAccount = await t.AddAccountAsync(1001, "Lonely");

        await t.SignIn.SignInAsync(Identity(1001, "Lonely", "buyer-hash"), Ct);

        await using var db = t.CreateDbContext();
        Assert.Null((await db.Accounts.SingleAsync(a => a.Id == oldAccount, Ct)).MainCharacterId);
        Assert.Equal($"Account {oldAccount}", (await t.Actors.LoadAsync(db, oldAccount, Ct)).Name);
    }

    [Fact]
    public async Task A_sold_character_does_not_carry_the_sellers_roles()
    {
        await using var t = await CreateAsync();
        await t.AddAccountAsync(1001, "Seller", Role.Approver);

        var newAccount = await t.SignIn.SignInAsync(Identity(1001, "Seller", "buyer-hash"), Ct);

        await using var db = t.CreateDbContext();
        var actor = await t.Actors.LoadAsync(db, newAccount, Ct);
        Assert.Equal([Role.Member], actor.Roles);
    }

    [Fact]
    public async Task A_sold_character_ends_the_sellers_pending_request()
    {
        await using var database = await CreateAsync();
        var cast = await database.SeedCastAsync();
        var requestId = await database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);

        await database.SignIn.SignInAsync(Identity(Cast.AliceAlt, "Alice Alt", "new-owner"), Ct);

        var request = await database.RequestAsync(requestId);
        Assert.Equal(StandingsManager.Core.Requests.RequestStatus.Cancelled, request.Status);
        Assert.Equal("EVE reports a new owner for the character.", request.DecisionNote);
        var refusal = await database.RefusedAsync(StandingsManager.Core.WorkflowError.Conflict,
            () => database.Requests.ApproveAsync(cast.Carol, requestId, 5, null, Ct));
        Assert.Contains("already cancelled", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sold_character_with_a_standing_goes_to_the_approvers_as_a_system_revocation()
    {
        await using var database = await CreateAsync();
        var cast = await database.SeedCastAsync();
        await database.GrantViaRequestAsync(cast, Cast.AliceAlt, 7.5);

        await database.SignIn.SignInAsync(Identity(Cast.AliceAlt, "Alice Alt", "new-owner"), Ct);

        await using var db = database.CreateDbContext();
        var revocation = await db.Revocations.SingleAsync(r => r.EntityId == Cast.AliceAlt, Ct);
        Assert.Equal(StandingsManager.Core.Requests.RequestStatus.Pending, revocation.Status);
        Assert.Equal(StandingsManager.Core.Revocations.RevocationSource.System, revocation.Source);
        Assert.Equal(StandingsManager.Core.Revocations.SystemRevocationReason.CharacterTransferred, revocation.SystemReason);
        Assert.True(await db.Standings.AnyAsync(e => e.EntityId == Cast.AliceAlt, Ct)); // an approver decides
        Assert.True(await db.Audit.AnyAsync(a => a.SubjectId == Cast.AliceAlt && a.Action == AuditAction.RevocationCreated && a.ActorName == "System", Ct));
    }

    [Fact]
    public async Task Two_concurrent_token_updates_cannot_both_win()
    {
        await using var database = await CreateAsync();
        var alice = await database.AddAccountAsync(Cast.AliceMain, "Alice Main");
        await using (var seed = database.CreateDbContext())
        {
            seed.Tokens.Add(new EveToken { CharacterId = Cast.AliceMain, EncryptedRefreshToken = "zero", UpdatedAt = Start });
            await seed.SaveChangesAsync(Ct);
        }
        await using var first = database.CreateDbContext();
        await using var second = database.CreateDbContext();
        var a = await first.Tokens.SingleAsync(Ct);
        var b = await second.Tokens.SingleAsync(Ct);

        a.EncryptedRefreshToken = "one";
        await first.SaveChangesAsync(Ct);
        b.EncryptedRefreshToken = "two";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(Ct));
        await using var check = database.CreateDbContext();
        var stored = await check.Tokens.SingleAsync(Ct);
        Assert.Equal("one", stored.EncryptedRefreshToken);
        Assert.Equal(1, stored.Version);
        Assert.NotEqual(0, alice);
    }

    [Fact]
    public async Task Selling_a_settings_administrators_character_gives_the_buyer_no_settings_role()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync(); // Erin is an administrator by the settings, Frank by a grant
        var logs = new StandingsManager.Tests.TestSupport.CapturingLoggerProvider();
        using var loggers = new Microsoft.Extensions.Logging.LoggerFactory([logs]);
        var signIn = new AccountSignIn(t.Factory, t.Options, t.Time, new Microsoft.Extensions.Logging.Logger<AccountSignIn>(loggers));

        var buyer = await signIn.SignInAsync(Identity(AdminCharacterId, "Erin Admin", "buyer-hash"), Ct);

        await using var db = t.CreateDbContext();
        var actor = await t.Actors.LoadAsync(db, buyer, Ct);
        Assert.NotEqual(cast.Erin, buyer);
        Assert.False(actor.Has(Role.Administrator));
        Assert.False(actor.Has(Role.Auditor));
        Assert.Equal(OwnerHashOf(AdminCharacterId), (await db.SettingsAdministratorBindings.SingleAsync(b => b.CharacterId == AdminCharacterId, Ct)).OwnerHash);
        var warning = Assert.Single(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
        Assert.Contains($"Erin Admin ({AdminCharacterId}), listed in Standings:Administrators, changed hands", warning, StringComparison.Ordinal);
        Assert.Contains($"Remove {AdminCharacterId} from Standings:Administrators", warning, StringComparison.Ordinal);
        var alert = await db.Notifications.SingleAsync(n => n.AccountId == cast.Frank && n.Title.Contains("changed hands"), Ct);
        Assert.Equal("Erin Admin, an administrator by the settings, changed hands", alert.Title);
        Assert.False(await db.Notifications.AnyAsync(n => n.AccountId == buyer && n.Title.Contains("changed hands"), Ct));

        // Bought back by the bound owner: the settings count again.
        var back = await signIn.SignInAsync(Identity(AdminCharacterId, "Erin Admin", OwnerHashOf(AdminCharacterId)), Ct);
        Assert.True((await t.Actors.LoadAsync(db, back, Ct)).Has(Role.Administrator));
    }

    [Fact]
    public async Task A_line_break_in_a_sold_characters_name_cannot_forge_a_second_log_line()
    {
        await using var t = await CreateAsync();
        await t.SeedCastAsync();
        var logs = new StandingsManager.Tests.TestSupport.CapturingLoggerProvider();
        using var loggers = new Microsoft.Extensions.Logging.LoggerFactory([logs]);
        var signIn = new AccountSignIn(t.Factory, t.Options, t.Time, new Microsoft.Extensions.Logging.Logger<AccountSignIn>(loggers));

        // Names come from EVE and are not ours to trust: the seller signs in under this name, then sells the character.
        const string name = "Erin\r\nCritical Forged: all is well";
        await signIn.SignInAsync(Identity(AdminCharacterId, name, OwnerHashOf(AdminCharacterId)), Ct);
        await signIn.SignInAsync(Identity(AdminCharacterId, name, "buyer-hash"), Ct);

        var warning = Assert.Single(logs.Lines, l => l.Contains("changed hands", StringComparison.Ordinal));
        Assert.DoesNotContain('\r', warning);
        Assert.DoesNotContain('\n', warning);
        Assert.Contains("Erin\\r\\nCritical Forged: all is well (", warning, StringComparison.Ordinal);
    }
}
