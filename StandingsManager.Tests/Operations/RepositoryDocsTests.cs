using System.Text.RegularExpressions;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Operations;

/// <summary>What the sources and the README say about the repository must be true of the repository.</summary>
public sealed partial class RepositoryDocsTests
{
    private static readonly string[] SourceFolders = ["StandingsManager.App", "StandingsManager.Core"];

    [Fact]
    public void Comments_cite_only_documents_the_repository_holds_and_sections_they_have()
    {
        var problems = new List<string>();
        var citations = 0;
        foreach (var (file, text) in Sources())
        {
            foreach (Match m in ReferenceCitation().Matches(text))
                problems.Add($"{file}: cites {m.Value}, which the repository does not hold");
            foreach (Match m in DocsCitation().Matches(text))
            {
                citations++;
                var document = Repository.PathOf(m.Groups["doc"].Value);
                if (!File.Exists(document))
                    problems.Add($"{file}: cites {m.Groups["doc"].Value}, which does not exist");
                else if (m.Groups["section"].Success && !File.ReadAllText(document).Contains($"\n## {m.Groups["section"].Value}. ", StringComparison.Ordinal))
                    problems.Add($"{file}: cites §{m.Groups["section"].Value} of {m.Groups["doc"].Value}, which has no such section");
            }
        }

        Assert.Empty(problems);
        Assert.True(citations >= 6, $"expected the ESI facts to be cited from docs/, found {citations} citations");
    }

    [Fact]
    public void The_readme_introduction_describes_contact_sync_as_part_of_the_app()
    {
        var readme = File.ReadAllText(Repository.PathOf("README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var introduction = readme.Split("\n\n")[1];

        Assert.Contains("in-game", introduction, StringComparison.Ordinal);
        Assert.DoesNotContain("roadmap", introduction, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("next step", introduction, StringComparison.OrdinalIgnoreCase);
    }

    private static IEnumerable<(string File, string Text)> Sources() =>
        SourceFolders
            .SelectMany(folder => Directory.EnumerateFiles(Repository.PathOf(folder), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)));

    [GeneratedRegex(@"REFERENCE(\.md)?\s*§[\d.]+")]
    private static partial Regex ReferenceCitation();

    [GeneratedRegex(@"(?<doc>docs/[\w.-]+\.md)(\s*§(?<section>\d+))?")]
    private static partial Regex DocsCitation();
}
