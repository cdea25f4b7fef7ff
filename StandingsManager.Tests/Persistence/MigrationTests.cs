using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using StandingsManager.Core.Standings;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Persistence;

public sealed class MigrationTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"standings-migration-{Guid.NewGuid():N}.db");

    private StandingsDbContext CreateFileContext() => new(new DbContextOptionsBuilder<StandingsDbContext>()
        .UseSqlite(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString())
        .Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Fact]
    public async Task Migrating_a_fresh_database_file_creates_every_table_empty()
    {
        Assert.False(File.Exists(_path));
        await using var db = CreateFileContext();

        await db.Database.MigrateAsync(Ct);

        Assert.True(File.Exists(_path));
        Assert.Equal(0, await db.Installation.CountAsync(Ct));
        Assert.Equal(0, await db.Accounts.CountAsync(Ct));
        Assert.Equal(0, await db.AccountRoles.CountAsync(Ct));
        Assert.Equal(0, await db.Characters.CountAsync(Ct));
        Assert.Equal(0, await db.Tokens.CountAsync(Ct));
        Assert.Equal(0, await db.EveEntities.CountAsync(Ct));
        Assert.Equal(0, await db.Standings.CountAsync(Ct));
        Assert.Equal(0, await db.Requests.CountAsync(Ct));
        Assert.Equal(0, await db.Revocations.CountAsync(Ct));
        Assert.Equal(0, await db.Audit.CountAsync(Ct));
        Assert.Equal(0, await db.Notifications.CountAsync(Ct));
        Assert.Equal(0, await db.SyncedCharacters.CountAsync(Ct));
        Assert.Equal(0, await db.ManagedContacts.CountAsync(Ct));
        Assert.Equal(0, await db.SyncRuns.CountAsync(Ct));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.Contains("20261124142526_Initial", await db.Database.GetAppliedMigrationsAsync(Ct));
    }

    [Fact]
    public async Task The_migrations_match_the_model_and_migrating_twice_is_harmless()
    {
        await using var db = CreateFileContext();
        await db.Database.MigrateAsync(Ct);
        var applied = (await db.Database.GetAppliedMigrationsAsync(Ct)).ToList();

        await db.Database.MigrateAsync(Ct);

        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Equal(applied, await db.Database.GetAppliedMigrationsAsync(Ct));
        Assert.Equal(db.Database.GetMigrations(), applied);
    }

    [Fact]
    public async Task Only_one_pending_request_per_entity_but_any_number_of_decided_ones()
    {
        await using var t = await CreateAsync();
        await using var db = t.CreateDbContext();
        foreach (var status in new[] { RequestStatus.Approved, RequestStatus.Rejected, RequestStatus.Cancelled, RequestStatus.Rejected, RequestStatus.Pending })
            db.Requests.Add(Request(status));
        await db.SaveChangesAsync(Ct);

        db.Requests.Add(Request(RequestStatus.Pending));
        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));

        if (t.OnPostgreSql)
            Assert.Equal("23505", Assert.IsType<Npgsql.PostgresException>(ex.InnerException).SqlState); // unique_violation
        else
            Assert.Equal(19, Assert.IsType<SqliteException>(ex.InnerException).SqliteErrorCode); // SQLITE_CONSTRAINT
        await using var check = t.CreateDbContext();
        Assert.Equal(5, await check.Requests.CountAsync(Ct));
        Assert.Equal(1, await check.Requests.CountAsync(r => r.Status == RequestStatus.Pending, Ct));
    }

    [Fact]
    public async Task Only_one_pending_revocation_per_entity_but_any_number_of_decided_ones()
    {
        await using var t = await CreateAsync();
        await using var db = t.CreateDbContext();
        foreach (var status in new[] { RequestStatus.Approved, RequestStatus.Rejected, RequestStatus.Pending })
            db.Revocations.Add(Revocation(status));
        await db.SaveChangesAsync(Ct);

        db.Revocations.Add(Revocation(RequestStatus.Pending));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));

        await using var check = t.CreateDbContext();
        Assert.Equal(3, await check.Revocations.CountAsync(Ct));
    }

    [Fact]
    public async Task Only_one_standings_entry_per_entity()
    {
        await using var t = await CreateAsync();
        await using (var db = t.CreateDbContext())
        {
            db.Standings.Add(Entry());
            await db.SaveChangesAsync(Ct);
        }
        await using (var db = t.CreateDbContext())
        {
            db.Standings.Add(Entry());
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
        }
        await using var check = t.CreateDbContext();
        Assert.Equal(1, await check.Standings.CountAsync(Ct));
    }

    [Fact]
    public async Task An_account_with_characters_cannot_be_deleted_but_its_roles_cascade()
    {
        await using var t = await CreateAsync();
        var account = await t.AddAccountAsync(1, "Someone", Role.Approver);
        await using var db = t.CreateDbContext();

        var refused = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Accounts.Where(a => a.Id == account).ExecuteDeleteAsync(Ct));
        Assert.IsType(t.OnPostgreSql ? typeof(Npgsql.PostgresException) : typeof(SqliteException), refused);
        await db.Characters.Where(c => c.AccountId == account).ExecuteDeleteAsync(Ct);
        await db.Accounts.Where(a => a.Id == account).ExecuteDeleteAsync(Ct);

        Assert.Equal(0, await db.AccountRoles.CountAsync(Ct));
    }

    private static StandingRequest Request(RequestStatus status) => new()
    {
        EntityId = 1,
        EntityType = EntityType.Character,
        EntityName = "Somebody",
        RequesterAccountId = 1,
        RequesterName = "Somebody",
        CreatedAt = Start,
        Status = status,
    };

    private static Revocation Revocation(RequestStatus status) => new()
    {
        EntityId = 1,
        EntityType = EntityType.Character,
        EntityName = "Somebody",
        RequestedByName = "Somebody",
        CreatedAt = Start,
        Status = status,
    };

    private static StandingsEntry Entry() => new() { EntityId = 1, EntityName = "Somebody", AddedByName = "Admin", Standing = 1, AddedAt = Start };
}
