using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using StandingsManager.Core;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Tests.Lists;

/// <summary>An installation from before lists upgrades: its one list becomes the first list and nothing is lost.</summary>
public sealed class ListsMigrationTests : IDisposable
{
    private const string LastMigrationWithoutLists = "20261206020618_Issue12Accounts";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"standings-lists-migration-{Guid.NewGuid():N}.db");

    private StandingsDbContext CreateFileContext() => new(new DbContextOptionsBuilder<StandingsDbContext>()
        .UseSqlite(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false, ForeignKeys = true }.ToString())
        .Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Fact]
    public async Task The_old_list_becomes_the_first_list_with_every_entry_request_revocation_audit_row_and_ledger_row()
    {
        await using (var old = CreateFileContext())
        {
            await old.GetService<IMigrator>().MigrateAsync(LastMigrationWithoutLists, Ct);
            // Rows as the app before lists wrote them: raw SQL, since today's model has columns these tables lacked.
            await old.Database.ExecuteSqlRawAsync("""
                INSERT INTO Accounts (Id, CreatedAt, IsActive) VALUES (7, 0, 1);
                INSERT INTO Characters (Id, Name, OwnerHash, AccountId, AddedAt) VALUES (90000001, 'Alt', 'hash', 7, 0);
                INSERT INTO Standings (Id, EntityId, EntityType, EntityName, Standing, AddedByName, AddedAt, Version)
                    VALUES (1, 98000001, 1, 'Friendly Corp', 10, 'Ada', 0, 0), (2, 99000001, 2, 'Friendly Alliance', 5, 'Ada', 0, 2);
                INSERT INTO Requests (Id, EntityId, EntityType, EntityName, RequesterAccountId, RequesterName, CreatedAt, Status, Version)
                    VALUES (1, 98000002, 1, 'Waiting Corp', 7, 'Alt', 0, 0, 0), (2, 98000001, 1, 'Friendly Corp', 7, 'Alt', 0, 1, 1);
                INSERT INTO Revocations (Id, EntityId, EntityType, EntityName, Source, SystemReason, RequestedByName, CreatedAt, Status, Version)
                    VALUES (1, 99000001, 2, 'Friendly Alliance', 0, 0, 'Alt', 0, 0, 0);
                INSERT INTO Audit (Id, At, Action, ActorName, SubjectId, Details)
                    VALUES (1, 0, 8, 'Ada', 98000001, NULL), (2, 0, 11, 'Ada', 7, 'Approver');
                INSERT INTO ManagedContacts (CharacterId, ContactId, ContactType, Standing, WrittenAt, LabelIds, State, Watched)
                    VALUES (90000001, 98000001, 1, 10, 0, '55', 0, 0);
                """, Ct);
        }

        await using var db = CreateFileContext();
        await db.Database.MigrateAsync(Ct);
        await FirstList.AdoptSettingsAsync(db, new StandingsOptions { LabelName = " Our Blues ", DefaultStanding = 7.5 }, Ct);

        var list = await db.Lists.SingleAsync(Ct);
        Assert.Equal((StandingsList.FirstListId, "Our Blues", "Our Blues", ListSource.Requests, 7.5, true),
            (list.Id, list.Name, list.LabelName, list.Source, list.DefaultStanding, list.Enabled));
        Assert.Equal(ListAudienceStates.Member | ListAudienceStates.Blue, list.AudienceStates);
        Assert.Equal([(1, 98000001L, 0), (1, 99000001L, 2)],
            (await db.Standings.OrderBy(e => e.Id).ToListAsync(Ct)).Select(e => (e.ListId, e.EntityId, e.Version)));
        Assert.Equal([1, 1], await db.Requests.OrderBy(r => r.Id).Select(r => r.ListId).ToListAsync(Ct));
        Assert.Equal(1, await db.Revocations.Select(r => r.ListId).SingleAsync(Ct));
        // Entry rows concern the list; a role grant concerns no list.
        Assert.Equal([(AuditAction.EntryAdded, (int?)1), (AuditAction.RoleGranted, null)],
            (await db.Audit.OrderBy(a => a.Id).ToListAsync(Ct)).Select(a => (a.Action, a.ListId)));
        var ledger = await db.ManagedContacts.SingleAsync(Ct);
        Assert.Equal(("55", "1"), (ledger.LabelIds, ledger.ListIds));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
    }

    [Fact]
    public async Task The_audit_log_is_still_append_only_after_the_upgrade()
    {
        await using var db = CreateFileContext();
        await db.Database.MigrateAsync(Ct);
        await db.Database.ExecuteSqlRawAsync("INSERT INTO Audit (At, Action, ActorName) VALUES (0, 8, 'Ada');", Ct);

        var update = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE Audit SET ActorName = 'Eve';", Ct));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM Audit;", Ct));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_settings_stop_naming_the_first_list_once_an_administrator_edits_it()
    {
        await using var db = CreateFileContext();
        await db.Database.MigrateAsync(Ct);
        await FirstList.AdoptSettingsAsync(db, new StandingsOptions { LabelName = "From Settings" }, Ct);
        var list = await db.Lists.SingleAsync(Ct);
        list.LabelName = "Edited";
        await db.SaveChangesAsync(Ct);

        await FirstList.AdoptSettingsAsync(db, new StandingsOptions { LabelName = "Changed Settings" }, Ct);

        db.ChangeTracker.Clear();
        Assert.Equal(("From Settings", "Edited"), await db.Lists.Select(l => ValueTuple.Create(l.Name, l.LabelName)).SingleAsync(Ct));
    }
}
