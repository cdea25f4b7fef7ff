using StandingsManager.App.Components.Pages.Audit;
using StandingsManager.App.Standings;
using StandingsManager.Core.Audit;

namespace StandingsManager.Tests.Web;

/// <summary>The export links carry the list, and the standings file is named after it.</summary>
public sealed class ListExportPathsTests
{
    [Theory]
    [InlineData("Alliance Standings", "alliance-standings")]
    [InlineData("  War Targets (2026)! ", "war-targets-2026")]
    [InlineData("Ünïcode ★ Blues", "n-code-blues")]
    [InlineData("★★★", "list")]
    public void The_list_name_becomes_a_safe_file_name_part(string name, string expected) =>
        Assert.Equal(expected, StandingsExport.FileNamePart(name));

    [Fact]
    public void Export_links_carry_the_list()
    {
        Assert.Equal("/standings/export.csv?list=3", StandingsExport.PathFor(3));
        Assert.Equal("/audit/export.csv?list=3&action=EntryAdded", AuditExportEndpoint.QueryFor(new AuditFilter(Action: AuditAction.EntryAdded, ListId: 3)));
        Assert.Equal("/audit/export.csv", AuditExportEndpoint.QueryFor(AuditFilter.None));
    }
}
