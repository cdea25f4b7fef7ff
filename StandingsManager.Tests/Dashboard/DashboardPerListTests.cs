using StandingsManager.Core.Audit;
using StandingsManager.Core.Dashboard;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Standings;
using StandingsManager.Tests.Standings;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Dashboard;

/// <summary>The dashboard's counts and the audit log's list filter, on one list or all, on real SQLite.</summary>
public sealed class DashboardPerListTests : IAsyncLifetime
{
    private const int First = StandingsList.FirstListId;
    private CoreTestDatabase database = null!;
    private Cast cast = null!;
    private int coalition;

    public async ValueTask InitializeAsync()
    {
        database = await CreateAsync();
        cast = await database.SeedCastAsync();
        coalition = await PerListStandingsTests.AddListAsync(database, "Coalition", ListSource.Requests);
        await using var db = database.CreateDbContext();
        // One entity on both lists, red on one and blue on the other; two requests on the first list, one on the coalition's.
        foreach (var (listId, standing) in new[] { (First, 10.0), (coalition, -10.0) })
            db.Standings.Add(new StandingsEntry { ListId = listId, EntityId = 99_000_001, EntityType = EntityType.Alliance, EntityName = "Both", Standing = standing, AddedByName = "Seed", AddedAt = Start });
        foreach (var (listId, entityId, age) in new[] { (First, 1001L, 2.0), (First, 1002L, 30.0), (coalition, 1001L, 100.0) })
        {
            db.Requests.Add(new StandingRequest
            {
                ListId = listId, EntityId = entityId, EntityType = EntityType.Character, EntityName = $"Pilot {entityId}",
                RequesterAccountId = cast.Alice, RequesterName = "Alice Main", CreatedAt = Start.AddHours(-age), Status = RequestStatus.Pending,
            });
        }
        db.Audit.Add(new AuditEntry { At = Start, Action = AuditAction.EntryAdded, ActorName = "Seed", SubjectId = 99_000_001, SubjectName = "Both", ListId = First });
        db.Audit.Add(new AuditEntry { At = Start, Action = AuditAction.EntryAdded, ActorName = "Seed", SubjectId = 99_000_001, SubjectName = "Both", ListId = coalition });
        db.Audit.Add(new AuditEntry { At = Start, Action = AuditAction.RoleGranted, ActorName = "Seed", SubjectName = "Carol Approver" });
        await db.SaveChangesAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private static int[] Counts(CountChart chart, string series) => [.. chart.Series.Single(s => s.Name == series).Counts];

    [Fact]
    public async Task The_standings_chart_counts_one_list_or_all()
    {
        var charts = database.Get<DashboardChartQueries>();

        Assert.Equal(new[] { 0, 0, 0, 0, 1 }, Counts(await charts.StandingsByBandAsync(First, cast.Gina, Ct), "Alliance"));
        Assert.Equal(new[] { 1, 0, 0, 0, 0 }, Counts(await charts.StandingsByBandAsync(coalition, cast.Gina, Ct), "Alliance"));
        Assert.Equal(new[] { 1, 0, 0, 0, 1 }, Counts(await charts.StandingsByBandAsync(null, cast.Gina, Ct), "Alliance"));
    }

    [Fact]
    public async Task Queue_counts_and_ages_count_one_list_or_all()
    {
        var charts = database.Get<DashboardChartQueries>();

        Assert.Equal((2, 0), await database.Queries.QueueCountsAsync(First, cast.Carol, Ct));
        Assert.Equal((1, 0), await database.Queries.QueueCountsAsync(coalition, cast.Carol, Ct));
        Assert.Equal((3, 0), await database.Queries.QueueCountsAsync(null, cast.Carol, Ct));
        Assert.Equal(new[] { 0, 1, 1, 0, 0 }, Counts(await charts.QueueAgesAsync(First, cast.Carol, Ct), "Requests"));
        Assert.Equal(new[] { 0, 0, 0, 1, 0 }, Counts(await charts.QueueAgesAsync(coalition, cast.Carol, Ct), "Requests"));
        Assert.Equal(new[] { 0, 1, 1, 1, 0 }, Counts(await charts.QueueAgesAsync(null, cast.Carol, Ct), "Requests"));
    }

    [Fact]
    public async Task The_audit_log_filters_by_list_and_its_export_names_the_list()
    {
        var audit = database.Get<AuditLogQueries>();

        var coalitionRows = await audit.PageAsync(cast.Gina, new(ListId: coalition), 0, 50, Ct);
        var everything = await audit.PageAsync(cast.Gina, AuditFilter.None, 0, 50, Ct);
        using var output = new MemoryStream();
        await audit.ExportCsvAsync(cast.Gina, new(ListId: coalition), output, Ct);

        Assert.Equal([coalition], coalitionRows.Items.Select(a => a.ListId ?? 0));
        Assert.Equal(3, everything.Total);
        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("Coalition", lines[1].Split(',')[2]);
    }
}
