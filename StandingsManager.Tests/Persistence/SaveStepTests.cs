using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;
using StandingsManager.Tests.TestSupport;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Persistence;

/// <summary>Only a rival's commit is reported as "someone else got there first"; any other broken database rule is a bug.</summary>
public sealed class SaveStepTests
{
    private const string RivalMessage = "Someone else got there first.";

    private static StandingsEntry Entry(long entityId) =>
        new() { EntityId = entityId, EntityType = EntityType.Character, EntityName = "Alice Main", Standing = 5, AddedByName = "Admin", AddedAt = Start };

    [Fact]
    public async Task A_unique_clash_with_a_rivals_row_is_a_conflict()
    {
        await using var t = await CreateAsync();
        await using (var rival = t.CreateDbContext())
        {
            rival.Standings.Add(Entry(1001));
            await rival.SaveChangesAsync(Ct);
        }
        await using var db = t.CreateDbContext();
        db.Standings.Add(Entry(1001));

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => db.SaveStepAsync(RivalMessage, Ct));

        Assert.Equal(WorkflowError.Conflict, ex.Error);
        Assert.Equal(RivalMessage, ex.Message);
    }

    [Fact]
    public async Task A_foreign_key_violation_is_not_blamed_on_a_rival()
    {
        await using var t = await CreateAsync();
        await using var db = t.CreateDbContext();
        db.Characters.Add(new EveCharacter { Id = 1001, Name = "Orphan", OwnerHash = OwnerHashOf(1001), AccountId = 999, AddedAt = Start });

        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveStepAsync(RivalMessage, Ct));

        if (t.OnPostgreSql)
            Assert.Equal("23503", Assert.IsType<Npgsql.PostgresException>(ex.InnerException).SqlState); // foreign_key_violation
        else
            Assert.Equal(787, Assert.IsType<SqliteException>(ex.InnerException).SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_FOREIGNKEY
    }

    [Fact]
    public async Task A_rule_enforced_by_a_trigger_is_not_blamed_on_a_rival()
    {
        await using var t = await CreateAsync();
        await using var db = t.CreateDbContext();
        await db.AddRefusingTriggerAsync("Test_NoEntries", "BEFORE INSERT", "Standings", "no entries in this test", Ct);
        db.Standings.Add(Entry(1001));

        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveStepAsync(RivalMessage, Ct));

        Assert.Contains("no entries in this test", ex.InnerException?.Message, StringComparison.Ordinal);
    }
}
