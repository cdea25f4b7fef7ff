using System.Text.RegularExpressions;
using System.Xml.Linq;
using StandingsManager.Core.Localization;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Localization;

/// <summary>
/// Every text has all eight languages: each neutral .resx's keys exist, non-empty and with the same {0} placeholders, in
/// each translation, which has no key of its own; every key the code names exists in the neutral file.
/// </summary>
public sealed partial class ResourceFilesTests
{
    private static readonly string[] Translations = [.. Languages.Supported.Where(l => l != Languages.Default)];

    private static readonly string[] Projects = ["StandingsManager.App", "StandingsManager.Core"];

    /// <summary>Every neutral resource file (UiText.resx, an area's StandingsText.resx, CoreText.resx, ...) in both projects.</summary>
    public static TheoryData<string> NeutralFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Projects.SelectMany(p => Sources(p, "*.resx")).Where(f => Path.GetFileNameWithoutExtension(f).IndexOf('.', StringComparison.Ordinal) < 0).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Repository.PathOf(""), file));
        return data;
    }

    [Fact]
    public void Both_projects_have_their_resources()
    {
        var files = NeutralFiles().Select(row => row.Data).ToList();
        Assert.Contains(files, f => f.EndsWith("UiText.resx", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("CoreText.resx", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(NeutralFiles))]
    public void Every_key_is_in_every_language_with_the_same_placeholders(string neutralFile)
    {
        var neutral = Read(Repository.PathOf(neutralFile));
        Assert.NotEmpty(neutral);
        var problems = new List<string>();
        foreach (var culture in Translations)
        {
            var path = Repository.PathOf(Path.ChangeExtension(neutralFile, $".{culture}.resx"));
            if (!File.Exists(path))
            {
                problems.Add($"{culture}: no {Path.GetFileName(path)}");
                continue;
            }
            var translated = Read(path);
            foreach (var (key, english) in neutral)
            {
                if (!translated.TryGetValue(key, out var text) || string.IsNullOrWhiteSpace(text))
                    problems.Add($"{culture}: {key} is missing or empty");
                else if (!Placeholders(english).SetEquals(Placeholders(text)))
                    problems.Add($"{culture}: {key} has placeholders {string.Join(",", Placeholders(text))}, English {string.Join(",", Placeholders(english))}");
            }
            problems.AddRange(translated.Keys.Except(neutral.Keys).Select(k => $"{culture}: {k} is not in the neutral file"));
        }
        foreach (var (key, english) in neutral.Where(e => string.IsNullOrWhiteSpace(e.Value)))
            problems.Add($"en: {key} is empty");
        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(NeutralFiles))]
    public void Plural_keys_come_with_all_four_forms(string neutralFile)
    {
        var keys = Read(Repository.PathOf(neutralFile)).Keys.ToHashSet();
        var forms = Enum.GetNames<StandingsManager.Core.PluralForm>();
        var plurals = keys.Where(k => forms.Any(f => k.EndsWith("." + f, StringComparison.Ordinal))).Select(k => k[..k.LastIndexOf('.')]).Distinct();
        Assert.All(plurals, stem => Assert.All(forms, f => Assert.Contains($"{stem}.{f}", keys)));
    }

    [Fact]
    public void Every_key_the_code_uses_is_in_the_neutral_resources()
    {
        // Resource files by their class's name: UiText, StandingsText, CoreText, NotificationText, ...
        var resources = NeutralFiles().Select(row => Repository.PathOf(row.Data))
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), Read, StringComparer.Ordinal);
        var used = new List<(string File, string Key, string Resource, bool Plural)>();
        foreach (var file in Projects.SelectMany(p => Sources(p, "*.cs").Concat(Sources(p, "*.razor"))))
        {
            var text = File.ReadAllText(file);
            // A component names its localizers where it injects them (@inject IStringLocalizer<StandingsText> T) or takes
            // them as fields and parameters; each variable's keys belong to that class's resource file.
            // One name names one resource class per file, so a key's file is never a guess.
            var localizers = Localizer().Matches(text).Select(m => (Name: m.Groups["name"].Value, Resource: m.Groups["resource"].Value)).Distinct()
                .GroupBy(l => l.Name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count() == 1 ? g.First().Resource : $"{string.Join(" or ", g.Select(l => l.Resource))} (ambiguous)", StringComparer.Ordinal);
            foreach (Match m in KeyUse().Matches(text))
            {
                var key = m.Groups["key"].Value;
                if (m.Groups["static"].Success)
                    used.Add((Path.GetFileName(file), key, m.Groups["static"].Value, m.Groups["staticPlural"].Success));
                else if (localizers.TryGetValue(m.Groups["name"].Value, out var resource))
                    used.Add((Path.GetFileName(file), key, resource, m.Groups["plural"].Success));
            }
        }
        // The scan finds the keys the layout, sign-in, dashboard and Core messages use: it is not passing on nothing.
        Assert.True(used.Count > 60, $"only {used.Count} keys found in the sources");
        var missing = used.Where(u => !resources.TryGetValue(u.Resource, out var keys) || (u.Plural
                ? Enum.GetNames<StandingsManager.Core.PluralForm>().Any(f => !keys.ContainsKey($"{u.Key}.{f}"))
                : !keys.ContainsKey(u.Key)))
            .Select(u => $"{u.File}: {u.Resource} {u.Key}");
        Assert.Empty(missing);
    }

    [Fact]
    public void The_scan_would_see_a_missing_key()
    {
        // The regular expressions the scan relies on pick up each way the code names a localizer and a key.
        const string sample = """
            @inject IStringLocalizer<UiText> T
            [Inject] private IStringLocalizer<StandingsText> Words { get; set; }
            @T["Nav.Missing"] T.Plural("Dashboard.Gone", n) CoreText.Format("Csv.Nope", x) Words["Guest.A", y] NotificationText.Get( "Account.B") CoreText.Plural("Coverage.Of", n) Variant="Variant.Filled"
            """;
        Assert.Equal(new Dictionary<string, string> { ["T"] = "UiText", ["Words"] = "StandingsText" },
            Localizer().Matches(sample).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["resource"].Value));
        var keys = KeyUse().Matches(sample).Select(m => (m.Groups["static"].Success ? m.Groups["static"].Value : m.Groups["name"].Value) + " " + m.Groups["key"].Value).ToList();
        Assert.Equal(["T Nav.Missing", "T Dashboard.Gone", "CoreText Csv.Nope", "Words Guest.A", "NotificationText Account.B", "CoreText Coverage.Of"], keys);
        Assert.DoesNotContain("Nav.Missing", Read(Repository.PathOf("StandingsManager.App/Localization/UiText.resx")).Keys);
    }

    private static IEnumerable<string> Sources(string project, string pattern) =>
        Directory.EnumerateFiles(Repository.PathOf(project), pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    internal static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static HashSet<string> Placeholders(string text) =>
        [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value)];

    // "{0}" and "{0:N0}": the index is what must match; the format may differ by language.
    [GeneratedRegex(@"\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();

    // Where a file gets a localizer: @inject IStringLocalizer<X> T, or a field, property or parameter of that type.
    [GeneratedRegex(@"IStringLocalizer<(?<resource>\w+)>\??\s+(?<name>\w+)")]
    private static partial Regex Localizer();

    // The ways code names a key: a localizer's indexer (T["..."]), its Plural extension (T.Plural("...")), and a Core
    // resource class's Get/Format (CoreText.Format("...")).
    [GeneratedRegex(@"(?:\b(?<static>\w+Text)\.(?:Get|Format|Said|(?<staticPlural>Plural))\(|\b(?<name>\w+)(?:\[|(?<plural>\.Plural\()))\s*""(?<key>[^""]+)""")]
    private static partial Regex KeyUse();
}
