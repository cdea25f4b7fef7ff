using StandingsManager.Core.Validation;
using StandingsManager.Core.Notifications;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Revocations;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;

namespace StandingsManager.App.Demo;

/// <summary>
/// Fills an empty demo database: persona accounts with their roles, names, a few entries and one pending request; and,
/// so contact sync is visible at once, every persona with basic access has granted the contact scopes and is synced, with a
/// week of made-up sync history so the dashboard's outcome chart has something to show before the first real runs.
/// </summary>
public sealed class DemoSeeder(IDbContextFactory<StandingsDbContext> dbFactory, DemoSsoServer sso, EveTokenStore tokens,
    Esi.DemoEsiStore esiStore, IConfiguration configuration, TimeProvider time)
{
    /// <summary>On by default; the test host turns it off so background syncs do not touch the contacts other tests read.</summary>
    /// <summary><c>Demo:SeedSystemRevocation</c>: an expired entry with its system revocation waiting (default true).</summary>
    public const string SeedSystemRevocationSetting = "Demo:SeedSystemRevocation";

    public const string SeedSyncSetting = "Demo:SeedSyncedCharacters";

    /// <summary><c>Demo:SeedWarTargets</c>: the "War Targets" list, which the war scan then fills from the simulated wars (default true).</summary>
    public const string SeedWarTargetsSetting = "Demo:SeedWarTargets";
    /// <summary><c>Demo:SeedCoalitionBlues</c>: the "Coalition Blues" list that follows the demo alliance's in-game list (default true).</summary>
    public const string SeedCoalitionBluesSetting = "Demo:SeedCoalitionBlues";

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Demo instances sharing one PostgreSQL database seed it once: the second waits, then finds the accounts.
        await using var startupLock = await StandingsManager.Core.Persistence.Instances.StartupLock.TakeAsync(db, ct);
        if (await db.Accounts.AnyAsync(ct))
            return;
        var now = time.GetUtcNow();

        foreach (var org in DemoUniverse.Organisations)
            db.EveEntities.Add(new EveEntity { Id = org.Id, Name = org.Name, Type = org.Type, AllianceId = org.AllianceId, MemberCount = org.MemberCount, UpdatedAt = now });

        var accounts = new Dictionary<long, Account>();
        foreach (var p in DemoUniverse.Personas)
        {
            var allianceId = DemoUniverse.Organisations.First(o => o.Id == p.CorporationId).AllianceId;
            var account = new Account { CreatedAt = now, MainCharacterId = p.Id };
            account.Characters.Add(new EveCharacter { Id = p.Id, Name = p.Name, OwnerHash = DemoUniverse.OwnerHash(p.Id), CorporationId = p.CorporationId, AllianceId = allianceId, AddedAt = now });
            if (p.Role is { } role)
                account.Roles.Add(new AccountRole { Role = role, GrantedAt = now, GrantedByName = "Demo seed" });
            db.Accounts.Add(account);
            db.EveEntities.Add(new EveEntity { Id = p.Id, Name = p.Name, Type = EntityType.Character, CorporationId = p.CorporationId, AllianceId = allianceId, UpdatedAt = now });
            accounts[p.Id] = account;
        }
        await db.SaveChangesAsync(ct);

        const string seed = "Demo seed";
        StandingsEntry[] entries =
        [
            new StandingsEntry { EntityId = 99_000_002, EntityType = EntityType.Alliance, EntityName = "Friendly Coalition", Standing = 10, AddedByName = seed, AddedAt = now, Notes = "Coalition partner" },
            new StandingsEntry { EntityId = 98_000_004, EntityType = EntityType.Corporation, EntityName = "Pirate Menace", Standing = -10, AddedByName = seed, AddedAt = now, Notes = "Shoot on sight" },
            new StandingsEntry { EntityId = 90_000_006, EntityType = EntityType.Character, EntityName = "Bea Blue", Standing = 5, AddedByName = seed, AddedAt = now },
        ];
        db.Standings.AddRange(entries);
        foreach (var entry in entries)
            db.Audit.Add(new AuditEntry { At = now, Action = AuditAction.EntryAdded, ActorName = seed, SubjectId = entry.EntityId, SubjectType = entry.EntityType, SubjectName = entry.EntityName, Standing = entry.Standing, Details = entry.Notes, ListId = StandingsList.FirstListId });
        db.Requests.Add(new StandingRequest
        {
            EntityId = 90_000_005, EntityType = EntityType.Character, EntityName = "Milo Member",
            RequesterAccountId = accounts[90_000_005].Id, RequesterName = "Milo Member", CreatedAt = now.AddHours(-3), Status = RequestStatus.Pending,
        });
        db.Audit.Add(new AuditEntry { At = now.AddHours(-3), Action = AuditAction.RequestCreated, ActorAccountId = accounts[90_000_005].Id, ActorName = "Milo Member", SubjectId = 90_000_005, SubjectType = EntityType.Character, SubjectName = "Milo Member", ListId = StandingsList.FirstListId });
        if (configuration.GetValue(SeedSyncSetting, true))
            SeedSyncedPersonas(db, accounts, now);
        if (configuration.GetValue(SeedSystemRevocationSetting, true))
            SeedExpiredEntry(db, now);
        if (configuration.GetValue(SeedWarTargetsSetting, true))
            await SeedWarTargetsListAsync(db, now, ct);
        await db.SaveChangesAsync(ct);
        // The list reads through Ada Admiral's grant, which only the synced personas' seeding gives.
        if (configuration.GetValue(SeedCoalitionBluesSetting, true) && configuration.GetValue(SeedSyncSetting, true))
            await SeedCoalitionBluesAsync(db, now, ct);
    }

    /// <summary>
    /// A trade deal that ran out yesterday: the validator has filed its system revocation (reason Expired), which waits
    /// in Manage Revocations for an approver, as it would in a real instance in Manual mode.
    /// </summary>
    private static void SeedExpiredEntry(StandingsDbContext db, DateTimeOffset now)
    {
        var crowd = DemoUniverse.Organisations.Single(o => o.Id == DemoUniverse.CrowdCorporationId);
        var entry = new StandingsEntry
        {
            EntityId = crowd.Id, EntityType = crowd.Type, EntityName = crowd.Name, Standing = 3, Notes = "Trade deal for one month",
            AddedByName = "Demo seed", AddedAt = now.AddDays(-31), ExpiresAt = now.AddDays(-1),
        };
        db.Standings.Add(entry);
        db.Audit.Add(new AuditEntry { At = entry.AddedAt, Action = AuditAction.EntryAdded, ActorName = "Demo seed", SubjectId = crowd.Id, SubjectType = crowd.Type, SubjectName = crowd.Name, Standing = entry.Standing, Details = entry.Notes, ListId = StandingsList.FirstListId });
        db.Revocations.Add(new Revocation
        {
            EntityId = crowd.Id, EntityType = crowd.Type, EntityName = crowd.Name, Source = RevocationSource.System, SystemReason = SystemRevocationReason.Expired,
            RequestedByName = SystemName.Stored, CreatedAt = now.AddHours(-20), Status = RequestStatus.Pending,
        });
        // Said as the validator says it, so it reads in each auditor's language.
        var expired = RecordText.Said("Record.SystemRevocation.Filed",
            new Phrase(() => NotificationText.Get("SystemReason.Expired").Render(CultureInfo.CurrentUICulture)),
            new Phrase(() => ValidatorText.Format("Basis.Expired", entry.ExpiresAt))).Capture(2000);
        db.Audit.Add(new AuditEntry { At = now.AddHours(-20), Action = AuditAction.RevocationCreated, ActorName = SystemName.Stored, SubjectId = crowd.Id, SubjectType = crowd.Type, SubjectName = crowd.Name, Standing = entry.Standing, Details = expired.English, DetailsTexts = expired.ToJson(), ListId = StandingsList.FirstListId });
    }

    /// <summary>The demo's war-target list: above the other lists, red, written by the war scan from the simulated wars.</summary>
    public const string WarTargetsListName = "War Targets";

    private static async Task SeedWarTargetsListAsync(StandingsDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var list = new StandingsList
        {
            Name = WarTargetsListName, LabelName = WarTargetsListName, Source = ListSource.WarTargets, Priority = 200, DefaultStanding = -10, CreatedAt = now,
        };
        db.Lists.Add(list);
        await db.SaveChangesAsync(ct);
        db.Audit.Add(new AuditEntry { At = now, Action = AuditAction.ListCreated, ActorName = "Demo seed", SubjectName = list.Name, Details = "war targets of the demo alliance", ListId = list.Id });
    }

    public const string CoalitionBluesName = "Coalition Blues";

    /// <summary>
    /// "Coalition Blues" follows the demo alliance's in-game contacts (which differ from "Alliance Standings" on purpose)
    /// through Ada Admiral's grant. It starts as if just read, so start-up makes no ESI call for it; the loop reads it
    /// again after <c>Lists:MirrorIntervalMinutes</c>, and "Read now" works once the simulated ESI's cache expires.
    /// </summary>
    private async Task SeedCoalitionBluesAsync(StandingsDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var alliance = DemoUniverse.Organisations.Single(o => o.Id == DemoUniverse.HomeAllianceId);
        var list = new StandingsList
        {
            Name = CoalitionBluesName, LabelName = CoalitionBluesName, Source = ListSource.InGameContacts, Priority = 50, DefaultStanding = 5,
            CreatedAt = now, MirrorCharacterId = DemoUniverse.Personas[0].Id, MirrorOwnerType = EntityType.Alliance, MirrorOwnerId = alliance.Id,
            MirrorOwnerName = alliance.Name, SourceReadAt = now, SourceExpiresAt = now.AddMinutes(5),
        };
        db.Lists.Add(list);
        await db.SaveChangesAsync(ct);
        var details = InGameContactsSource.Mirrored(alliance.Name).Capture(1000);
        foreach (var contact in esiStore.OrgContacts(alliance.Id))
        {
            if (DemoEsiUniverse.Find(contact.ContactId) is not { } known || StandingsCsv.TypeOf(contact.ContactType) is not { } type
                || !Core.Standings.InGameContacts.IsImportable(new Core.Eve.Esi.EsiContact(contact.ContactId, contact.ContactType, contact.Standing)))
                continue;
            var entry = new StandingsEntry { ListId = list.Id, EntityId = contact.ContactId, EntityType = type, EntityName = known.Name, Standing = contact.Standing,
                Notes = details.English, NotesTexts = details.ToJson(), AddedByName = SystemName.Stored, AddedAt = now };
            db.Standings.Add(entry);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Marks the made-up runs in each character's sync history, in every language.</summary>
    private static readonly Translations SeededRunMessage = new Phrase(() => CoreSyncText.Get("Sync.SeededHistory")).Capture(200);

    /// <summary>Grants (from the simulated SSO, as an "Add character" would leave them) and sync enrolment for every persona but the guest.</summary>
    private void SeedSyncedPersonas(StandingsDbContext db, Dictionary<long, Account> accounts, DateTimeOffset now)
    {
        foreach (var (p, index) in DemoUniverse.Personas.Where(p => p.Id != DemoUniverse.GuestPersona).Select((p, i) => (p, i)))
        {
            SeedSyncHistory(db, p.Id, index, now);
            // Ada Admiral's grant also reads the alliance's in-game list, which "Coalition Blues" follows.
            string[] scopes = p.Id == DemoUniverse.Personas[0].Id ? [.. EveScopes.Contacts, EveScopes.AllianceContacts] : [.. EveScopes.Contacts];
            var grant = new DemoSsoServer.Grant(p.Id, p.Name, DemoUniverse.OwnerHash(p.Id), scopes, DemoEve.ClientId, null, default);
            var issued = sso.Redeem(sso.IssueCode(grant), DemoEve.ClientId, null)
                ?? throw new InvalidOperationException("The simulated SSO refused its own code.");
            db.Tokens.Add(new EveToken { CharacterId = p.Id, EncryptedRefreshToken = tokens.Protect(issued.RefreshToken!), Scopes = string.Join(' ', scopes), UpdatedAt = now });
            db.SyncedCharacters.Add(new SyncedCharacter { CharacterId = p.Id, AccountId = accounts[p.Id].Id, CreatedAt = now, NextSyncAt = now });
        }
    }

    /// <summary>
    /// A run every four hours for the past week, mostly OK with the odd warning and error (a fixed pattern, so every demo
    /// starts alike). Well under the runs the engine keeps per character, and all older than the first real run.
    /// </summary>
    private static void SeedSyncHistory(StandingsDbContext db, long characterId, int personaIndex, DateTimeOffset now)
    {
        var days = new Dictionary<(DateOnly, SyncStatus), int>();
        for (var run = 1; run <= 42; run++)
        {
            var startedAt = now.AddHours(-4 * run).AddMinutes(7 * personaIndex);
            var pattern = (run + personaIndex) % 9;
            db.SyncRuns.Add(new SyncRun
            {
                CharacterId = characterId,
                StartedAt = startedAt,
                FinishedAt = startedAt.AddSeconds(2),
                Outcome = pattern == 0 ? SyncStatus.Error : pattern == 4 ? SyncStatus.Warning : SyncStatus.Ok,
                EsiCalls = 2,
                DurationMs = 1_800,
                Message = SeededRunMessage.English,
                MessageTexts = SeededRunMessage.ToJson(),
            });
            var key = (DateOnly.FromDateTime(startedAt.UtcDateTime), pattern == 0 ? SyncStatus.Error : pattern == 4 ? SyncStatus.Warning : SyncStatus.Ok);
            days[key] = days.GetValueOrDefault(key) + 1;
        }
        // The month chart reads daily counts, as the engine keeps them.
        foreach (var ((day, outcome), runs) in days)
        {
            var counted = db.SyncOutcomeDays.Local.SingleOrDefault(d => d.Day == day && d.Outcome == outcome);
            if (counted is null)
                db.SyncOutcomeDays.Add(new SyncOutcomeDay { Day = day, Outcome = outcome, Runs = runs });
            else
                counted.Runs += runs;
        }
    }
}

/// <summary>
/// Demo mode's start-up step: fills an empty demo database before the app serves anyone. The seeder is resolved when the
/// step runs, not when the host lists its services: the simulated ESI it reads takes the settings in its constructor, and
/// start-up validation must first get the chance to report every settings problem at once.
/// </summary>
internal sealed class DemoSeeding(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => services.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
