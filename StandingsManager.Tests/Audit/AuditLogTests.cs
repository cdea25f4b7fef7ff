using StandingsManager.Core.Lists;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Audit;

public sealed class AuditLogTests
{
    private static async Task<(CoreTestDatabase T, Cast Cast, AuditEntry Original)> SeedOneAuditRowAsync()
    {
        var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await using var db = t.CreateDbContext();
        return (t, cast, await db.Audit.AsNoTracking().SingleAsync(Ct));
    }

    private static async Task AssertUnchangedAsync(CoreTestDatabase t, AuditEntry original)
    {
        await using var db = t.CreateDbContext();
        var stored = await db.Audit.AsNoTracking().SingleAsync(Ct);
        Assert.Equal(original.Id, stored.Id);
        Assert.Equal(original.ActorName, stored.ActorName);
        Assert.Equal(original.Action, stored.Action);
        Assert.Equal(original.SubjectName, stored.SubjectName);
        Assert.Equal(original.Details, stored.Details);
        Assert.Equal(original.At, stored.At);
    }

    [Fact]
    public async Task Modifying_an_audit_row_throws_and_the_row_is_unchanged()
    {
        var (t, _, original) = await SeedOneAuditRowAsync();
        await using var _t = t;
        await using (var db = t.CreateDbContext())
        {
            var row = await db.Audit.SingleAsync(Ct);
            row.ActorName = "Nobody";
            row.Details = "nothing happened";

            var ex = await Assert.ThrowsAsync<AuditLogTamperingException>(() => db.SaveChangesAsync(Ct));
            Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
        }
        await AssertUnchangedAsync(t, original);
        Assert.Equal("Alice Main", original.ActorName);
    }

    [Fact]
    public async Task Removing_an_audit_row_throws_and_the_row_stays()
    {
        var (t, _, original) = await SeedOneAuditRowAsync();
        await using var _t = t;
        await using (var db = t.CreateDbContext())
        {
            db.Audit.Remove(await db.Audit.SingleAsync(Ct));
            await Assert.ThrowsAsync<AuditLogTamperingException>(() => db.SaveChangesAsync(Ct));
        }
        await AssertUnchangedAsync(t, original);
    }

    [Fact]
    public async Task Updating_a_detached_audit_row_throws()
    {
        var (t, _, original) = await SeedOneAuditRowAsync();
        await using var _t = t;
        await using (var db = t.CreateDbContext())
        {
            db.Audit.Update(new AuditEntry { Id = original.Id, At = original.At, Action = AuditAction.EntryAdded, ActorName = "Forger" });
            await Assert.ThrowsAsync<AuditLogTamperingException>(() => db.SaveChangesAsync(Ct));
        }
        await AssertUnchangedAsync(t, original);
    }

    [Fact]
    public async Task The_synchronous_save_is_guarded_too()
    {
        var (t, _, original) = await SeedOneAuditRowAsync();
        await using var _t = t;
        await using (var db = t.CreateDbContext())
        {
            var row = await db.Audit.SingleAsync(Ct);
            row.SubjectName = "Someone Else";
            Assert.Throws<AuditLogTamperingException>(() => db.SaveChanges());
            db.Audit.Remove(row);
            Assert.Throws<AuditLogTamperingException>(() => db.SaveChanges());
        }
        await AssertUnchangedAsync(t, original);
    }

    [Fact]
    public async Task A_save_that_tampers_with_the_log_saves_nothing_else_either()
    {
        var (t, _, original) = await SeedOneAuditRowAsync();
        await using var _t = t;
        await using (var db = t.CreateDbContext())
        {
            var request = await db.Requests.SingleAsync(Ct);
            request.Status = RequestStatus.Approved;
            db.Audit.Remove(await db.Audit.SingleAsync(Ct));
            await Assert.ThrowsAsync<AuditLogTamperingException>(() => db.SaveChangesAsync(Ct));
        }
        await AssertUnchangedAsync(t, original);
        await using var check = t.CreateDbContext();
        var stored = await check.Requests.SingleAsync(Ct);
        Assert.Equal(RequestStatus.Pending, stored.Status);
        Assert.Equal(0, stored.Version);
    }

    [Fact]
    public async Task Bulk_statements_cannot_rewrite_the_log_either()
    {
        await using var database = await CreateAsync();
        var cast = await database.SeedCastAsync();
        await database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);
        await using var db = database.CreateDbContext();

        // ExecuteUpdate/ExecuteDelete bypass the change tracker: the database's own triggers refuse them.
        var update = await Assert.ThrowsAnyAsync<Exception>(() => db.Audit.ExecuteUpdateAsync(u => u.SetProperty(a => a.ActorName, "Someone Else"), Ct));
        var delete = await Assert.ThrowsAnyAsync<Exception>(() => db.Audit.ExecuteDeleteAsync(Ct));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        var row = await db.Audit.AsNoTracking().SingleAsync(Ct);
        Assert.Equal("Alice Main", row.ActorName);
    }

    [Fact]
    public async Task Audit_rows_keep_actor_and_subject_names_after_the_accounts_are_deleted()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);
        await t.Requests.ApproveAsync(cast.Carol, id, 3, "ok", Ct);

        await using (var db = t.CreateDbContext())
        {
            var gone = new[] { cast.Alice, cast.Carol };
            Assert.Equal(3, await db.Characters.Where(c => gone.Contains(c.AccountId)).ExecuteDeleteAsync(Ct));
            Assert.Equal(2, await db.Accounts.Where(a => gone.Contains(a.Id)).ExecuteDeleteAsync(Ct));
            Assert.Equal(0, await db.AccountRoles.CountAsync(r => gone.Contains(r.AccountId), Ct));
        }

        var history = await t.Queries.HistoryAsync(StandingsList.FirstListId, cast.Gina, Cast.AliceAlt, Ct);
        Assert.Equal(2, history.Count);
        var approved = history[0];
        Assert.Equal(AuditAction.RequestApproved, approved.Action);
        Assert.Equal("Carol Approver", approved.ActorName);
        Assert.Equal(cast.Carol, approved.ActorAccountId);
        Assert.Equal("Alice Alt", approved.SubjectName);
        Assert.Equal("Requested by Alice Main. Note: ok", approved.Details);
        var created = history[1];
        Assert.Equal(AuditAction.RequestCreated, created.Action);
        Assert.Equal("Alice Main", created.ActorName);
        Assert.Equal(cast.Alice, created.ActorAccountId);

        var search = await t.Get<AuditLogQueries>().PageAsync(cast.Gina, new AuditFilter(Subject: "alice"), 0, 10, Ct);
        Assert.Equal(2, search.Total);
    }

    [Fact]
    public async Task Only_auditors_and_administrators_read_the_audit_log()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        Assert.Equal(1, (await t.Get<AuditLogQueries>().PageAsync(cast.Gina, AuditFilter.None, 0, 10, Ct)).Total);
        Assert.Equal(1, (await t.Get<AuditLogQueries>().PageAsync(cast.Frank, AuditFilter.None, 0, 10, Ct)).Total);
        var member = await Assert.ThrowsAsync<StandingsManager.Core.WorkflowException>(() => t.Get<AuditLogQueries>().PageAsync(cast.Alice, AuditFilter.None, 0, 10, Ct));
        var approver = await Assert.ThrowsAsync<StandingsManager.Core.WorkflowException>(() => t.Get<AuditLogQueries>().PageAsync(cast.Carol, AuditFilter.None, 0, 10, Ct));
        Assert.Equal("You need the Auditor role to read the audit log.", member.Message);
        Assert.Equal(StandingsManager.Core.WorkflowError.Forbidden, approver.Error);
    }
}
