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

    private static readonly string[] ResourceFolders = ["StandingsManager.App/Localization", "StandingsManager.Core/Localization"];

    public static TheoryData<string> NeutralFiles()
    {
        var data = new TheoryData<string>();
        foreach (var folder in ResourceFolders)
        {
            foreach (var file in Directory.GetFiles(Repository.PathOf(folder), "*.resx").Where(f => Path.GetFileNameWithoutExtension(f).IndexOf('.', StringComparison.Ordinal) < 0))
                data.Add(Path.GetRelativePath(Repository.PathOf(""), file));
        }
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
        var ui = Read(Repository.PathOf("StandingsManager.App/Localization/UiText.resx"));
        var core = Read(Repository.PathOf("StandingsManager.Core/Localization/CoreText.resx"));
        var used = new List<(string File, string Key, bool Core, bool Plural)>();
        foreach (var file in Sources("StandingsManager.App").Concat(Sources("StandingsManager.Core")))
        {
            var text = File.ReadAllText(file);
            var usesUi = text.Contains("IStringLocalizer<UiText>", StringComparison.Ordinal);
            var usesCore = text.Contains("CoreText.", StringComparison.Ordinal);
            if (!usesUi && !usesCore)
                continue;
            // Keys are named where they are used, as literals: T["Nav.Standings"], T.Plural("..."), CoreText.Get("...").
            foreach (Match m in KeyUse().Matches(text))
            {
                var key = m.Groups["key"].Value;
                var plural = m.Groups["call"].Value == ".Plural(";
                var inCore = usesCore && !usesUi ? true : usesUi && !usesCore ? false : core.ContainsKey(key);
                used.Add((Path.GetFileName(file), key, inCore, plural));
            }
        }
        // The scan finds the keys the layout, sign-in, dashboard and Core messages use: it is not passing on nothing.
        Assert.True(used.Count > 60, $"only {used.Count} keys found in the sources");
        var missing = used.Where(u => u.Plural
                ? Enum.GetNames<StandingsManager.Core.PluralForm>().Any(f => !(u.Core ? core : ui).ContainsKey($"{u.Key}.{f}"))
                : !(u.Core ? core : ui).ContainsKey(u.Key))
            .Select(u => $"{u.File}: {u.Key}");
        Assert.Empty(missing);
    }

    [Fact]
    public void The_scan_would_see_a_missing_key()
    {
        // The regular expression the scan relies on picks up each way the code names a key.
        const string sample = """@T["Nav.Missing"] T.Plural("Dashboard.Gone", n) CoreText.Format("Csv.Nope", x) t["Guest.A", y] CoreText.Get( "Account.B") Variant="Variant.Filled" """;
        var keys = KeyUse().Matches(sample).Select(m => m.Groups["key"].Value).ToList();
        Assert.Equal(["Nav.Missing", "Dashboard.Gone", "Csv.Nope", "Guest.A", "Account.B"], keys);
        Assert.DoesNotContain("Nav.Missing", Read(Repository.PathOf("StandingsManager.App/Localization/UiText.resx")).Keys);
    }

    private static IEnumerable<string> Sources(string project) =>
        Directory.EnumerateFiles(Repository.PathOf(project), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
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

    // The ways code names a key: a localizer's indexer (T, t, L), its Plural extension, and Core's CoreText.Get/Format.
    [GeneratedRegex(@"(?<call>\b[TtL]\[|\.Plural\(|CoreText\.(?:Get|Format)\()\s*""(?<key>[^""]+)""")]
    private static partial Regex KeyUse();
}
