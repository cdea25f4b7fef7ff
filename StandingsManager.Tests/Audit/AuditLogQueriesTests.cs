using System.Text;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;

namespace StandingsManager.Tests.Audit;

public sealed class AuditLogQueriesTests
{
    private static CancellationToken Ct => CoreTestDatabase.Ct;
    private static readonly DateTimeOffset Day1 = new(2026, 11, 20, 23, 59, 0, TimeSpan.Zero);

    private static async Task<(CoreTestDatabase Database, AuditLogQueries Audit, Cast Cast)> SeedAsync()
    {
        var database = await CoreTestDatabase.CreateAsync();
        var cast = await database.SeedCastAsync();
        await using var db = database.CreateDbContext();
        db.Audit.AddRange(
            Row(Day1, AuditAction.RequestCreated, "Alice Main", 1001, "Alice Main", null, "asked"),
            Row(Day1.AddMinutes(2), AuditAction.RequestApproved, "Carol Approver", 1001, "Alice Main", 7.5, "ok"),
            Row(Day1.AddDays(1), AuditAction.EntryAdded, "Frank Admin", 98_000_004, "Pirate Menace", -5, "=HYPERLINK(\"http://evil\")"),
            Row(Day1.AddDays(3), AuditAction.EntryRemoved, "Frank Admin", 98_000_004, "Pirate Menace", null, "gone, \"for now\""));
        await db.SaveChangesAsync(Ct);
        return (database, database.Get<AuditLogQueries>(), cast);
    }

    private static AuditEntry Row(DateTimeOffset at, AuditAction action, string actor, long subjectId, string subject, double? standing, string details) =>
        new() { At = at, Action = action, ActorName = actor, SubjectId = subjectId, SubjectType = EntityType.Character, SubjectName = subject, Standing = standing, Details = details };

    private static async Task<string[]> SubjectsAsync(AuditLogQueries audit, Cast cast, AuditFilter filter) =>
        [.. (await audit.PageAsync(cast.Gina, filter, 0, 50, Ct)).Items.Select(a => $"{a.Action}:{a.SubjectName}")];

    [Fact]
    public async Task Filters_by_action_actor_subject_and_utc_days_both_ends_included()
    {
        var (database, audit, cast) = await SeedAsync();
        await using var _ = database;

        Assert.Equal(["EntryAdded:Pirate Menace"], await SubjectsAsync(audit, cast, new(Action: AuditAction.EntryAdded)));
        Assert.Equal(["EntryRemoved:Pirate Menace", "EntryAdded:Pirate Menace"], await SubjectsAsync(audit, cast, new(Actor: " frank ")));
        Assert.Equal(["RequestApproved:Alice Main", "RequestCreated:Alice Main"], await SubjectsAsync(audit, cast, new(Subject: "ALICE")));
        Assert.Equal(["EntryRemoved:Pirate Menace", "EntryAdded:Pirate Menace"], await SubjectsAsync(audit, cast, new(Subject: "98000004")));
        // 20 Nov 23:59 is on the 20th; 21 Nov is the "to" day and counts whole.
        Assert.Equal(["EntryAdded:Pirate Menace", "RequestApproved:Alice Main"],
            await SubjectsAsync(audit, cast, new(From: new DateOnly(2026, 11, 21), To: new DateOnly(2026, 11, 21))));
        Assert.Equal(["RequestCreated:Alice Main"], await SubjectsAsync(audit, cast, new(To: new DateOnly(2026, 11, 20))));
        var combined = await audit.PageAsync(cast.Gina, new(Action: AuditAction.EntryRemoved, Actor: "frank", From: new DateOnly(2026, 11, 22)), 0, 50, Ct);
        Assert.Equal(1, combined.Total);
    }

    [Fact]
    public async Task The_export_holds_exactly_the_filtered_rows_with_the_pages_columns_and_no_formulas()
    {
        var (database, audit, cast) = await SeedAsync();
        await using var _ = database;
        using var output = new MemoryStream();

        var written = await audit.ExportCsvAsync(cast.Gina, new(Actor: "frank"), output, Ct);

        Assert.Equal(2, written);
        var lines = Encoding.UTF8.GetString(output.ToArray()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "When (UTC),Action,List,Actor,Subject,Standing,Details",
            "2026-11-23 23:59:00,Entry removed,,Frank Admin,Pirate Menace,,\"gone, \"\"for now\"\"\"",
            // The standing stays a number; the details' formula is defused for spreadsheets.
            "2026-11-21 23:59:00,Entry added,,Frank Admin,Pirate Menace,-5,\"'=HYPERLINK(\"\"http://evil\"\")\"",
        ], lines);
    }

    /// <remarks>The demo seeds its history after other rows: the row written last is not the newest.</remarks>
    [Fact]
    public async Task The_page_and_the_export_list_rows_newest_first_by_time_of_the_action_then_id()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var cast = await database.SeedCastAsync();
        var late = new DateTimeOffset(2026, 12, 5, 20, 33, 0, TimeSpan.Zero);
        await using (var db = database.CreateDbContext())
        {
            // Inserted (so numbered) out of time order; the last two share a time, so the id decides.
            db.Audit.AddRange(
                Row(late.AddHours(-17), AuditAction.EntryEdited, "Frank Admin", 1, "Early today", null, ""),
                Row(late.AddDays(-31), AuditAction.EntryAdded, "Frank Admin", 2, "Last month", null, ""),
                Row(late, AuditAction.RevocationCreated, "System", 3, "Latest one", null, ""),
                Row(late, AuditAction.RevocationCreated, "System", 4, "Latest two", null, ""));
            await db.SaveChangesAsync(Ct);
        }
        var audit = new AuditLogQueries(database, database.Actors);

        var page = await audit.PageAsync(cast.Gina, AuditFilter.None, 0, 50, Ct);
        using var output = new MemoryStream();
        await audit.ExportCsvAsync(cast.Gina, AuditFilter.None, output, Ct);

        string[] newestFirst = ["Latest two", "Latest one", "Early today", "Last month"];
        Assert.Equal(newestFirst, page.Items.Select(a => a.SubjectName));
        Assert.Equal(newestFirst, Encoding.UTF8.GetString(output.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[4]));
        // A second page goes on where the first stopped.
        Assert.Equal(newestFirst[2..], (await audit.PageAsync(cast.Gina, AuditFilter.None, 2, 2, Ct)).Items.Select(a => a.SubjectName));
    }

    [Fact]
    public async Task Only_auditors_export_and_a_refusal_writes_nothing()
    {
        var (database, audit, cast) = await SeedAsync();
        await using var _ = database;
        using var output = new MemoryStream();

        var refused = await Assert.ThrowsAsync<WorkflowException>(() => audit.ExportCsvAsync(cast.Carol, AuditFilter.None, output, Ct));

        Assert.Equal(WorkflowError.Forbidden, refused.Error);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public async Task A_log_of_100000_rows_streams_out_in_pieces()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var cast = await database.SeedCastAsync();
        await using (var db = database.CreateDbContext())
        {
            // Straight SQL: a hundred thousand rows in one statement. The time is any valid one in each engine's form.
            var at = database.OnPostgreSql ? "timestamptz '2026-11-24 12:00:00+00'" : "0";
            var bulk = $"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                INSERT INTO "Audit" ("At", "Action", "ActorName", "SubjectId", "SubjectType", "SubjectName", "Standing", "Details")
                SELECT {at}, 8, 'Frank Admin', 90000000 + i, 0, 'Pilot ' || i, 5, 'bulk ' || i FROM n
                """;
            await db.Database.ExecuteSqlRawAsync(bulk, Ct);
        }
        var audit = database.Get<AuditLogQueries>();
        await using var output = new WriteCountingStream();

        var written = await audit.ExportCsvAsync(cast.Gina, AuditFilter.None, output, Ct);

        Assert.Equal(100_000, written);
        Assert.Equal(100_001, output.Lines);
        // Written as it is read, a buffer at a time, not as one block at the end.
        Assert.True(output.Writes > 50, $"{output.Writes} writes");
        Assert.True(output.LargestWrite < 1024 * 1024, $"largest write {output.LargestWrite} bytes");
    }

    private sealed class WriteCountingStream : Stream
    {
        public int Writes { get; private set; }
        public int LargestWrite { get; private set; }
        public long Lines { get; private set; }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            Lines += buffer.Count((byte)'\n');
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
