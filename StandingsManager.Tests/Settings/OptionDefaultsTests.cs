using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.App.Operations;
using StandingsManager.Core;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Notifications;

namespace StandingsManager.Tests.Settings;

/// <summary>
/// Every setting's default in code is the one the README's configuration table documents: an instance started without
/// its settings file (or with a key left out) behaves as the operator was told it would.
/// </summary>
public sealed partial class OptionDefaultsTests
{
    private const string Empty = "empty";

    /// <summary>Settings whose code default is "not set" on purpose (demo mode tells it apart), with what not set means.</summary>
    private static readonly Dictionary<string, string> MeaningOfUnset = new(StringComparer.Ordinal)
    {
        ["Eve:SsoBaseUrl"] = EveOptions.DefaultSsoBaseUrl,
        ["Eve:EsiBaseUrl"] = EveOptions.DefaultEsiBaseUrl,
    };

    public static TheoryData<string> Settings() => [.. CodeDefaults().Keys];

    [Theory]
    [MemberData(nameof(Settings))]
    public void The_code_default_is_the_documented_default(string key)
    {
        var documented = DocumentedDefaults();

        Assert.True(documented.TryGetValue(key, out var readme), $"README.md's configuration table does not document {key}.");
        Assert.Equal(readme, CodeDefaults()[key]);
    }

    [Fact]
    public void The_table_is_read()
    {
        // Guards the parser: a table it could not read would make every theory row fail for the wrong reason.
        var documented = DocumentedDefaults();
        Assert.Equal(["Member", "Blue"], documented["Standings:BasicAccessStates"]);
        Assert.Equal(["00:00:01"], documented["Esi:RetryBaseDelay"]);
        Assert.Equal(["24"], documented["Standings:AutoRevocation:GraceHours"]);
    }

    private static Dictionary<string, IReadOnlyList<string>> CodeDefaults()
    {
        var defaults = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (section, options) in new (string, object)[]
        {
            (StandingsOptions.SectionName, new StandingsOptions()),
            (EveOptions.SectionName, new EveOptions()),
            (EsiClientOptions.SectionName, new EsiClientOptions()),
            (NotificationsOptions.SectionName, new NotificationsOptions()),
            (MetricsOptions.SectionName, new MetricsOptions()),
            (DemoOptions.SectionName, new DemoOptions()),
            (DemoEsiOptions.SectionName, new DemoEsiOptions()),
            (StandingsManager.Core.Lists.WarsOptions.SectionName, new StandingsManager.Core.Lists.WarsOptions()),
            (StandingsManager.Core.Lists.ListsOptions.SectionName, new StandingsManager.Core.Lists.ListsOptions()),
            (StandingsManager.Core.Api.ApiOptions.SectionName, new StandingsManager.Core.Api.ApiOptions()),
            (StandingsManager.Core.Webhooks.WebhooksOptions.SectionName, new StandingsManager.Core.Webhooks.WebhooksOptions()),
        })
        {
            Collect(section, options, defaults);
        }
        // The connection string beside it is ConnectionStrings:Standings, not a key of this section.
        defaults[$"{StandingsManager.Core.Persistence.DatabaseOptions.SectionName}:{nameof(StandingsManager.Core.Persistence.DatabaseOptions.Provider)}"] =
            Show(new StandingsManager.Core.Persistence.DatabaseOptions().Provider);
        return defaults;
    }

    private static void Collect(string prefix, object options, Dictionary<string, IReadOnlyList<string>> defaults)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = $"{prefix}:{property.Name}";
            var value = property.GetValue(options);
            if (value is not null && property.PropertyType.IsClass && property.PropertyType != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
                Collect(key, value, defaults);
            else
                defaults[key] = value is null && MeaningOfUnset.TryGetValue(key, out var meaning) ? [meaning] : Show(value);
        }
    }

    private static IReadOnlyList<string> Show(object? value) => value switch
    {
        null or "" => [Empty],
        string text => [text],
        bool flag => [flag ? "true" : "false"],
        double number => [number.ToString("0.0##", CultureInfo.InvariantCulture)],
        TimeSpan span => [span.ToString("c", CultureInfo.InvariantCulture)],
        IDictionary { Count: 0 } => [Empty],
        IEnumerable items when !items.Cast<object>().Any() => [Empty],
        IEnumerable items => [.. items.Cast<object>().Select(i => Convert.ToString(i, CultureInfo.InvariantCulture)!)],
        _ => [Convert.ToString(value, CultureInfo.InvariantCulture)!],
    };

    /// <summary>
    /// Rows of the table: <c>| `Section:Key`, `Other` | `default`, `default` | meaning |</c>. Later keys of a row share the
    /// first one's prefix; one default per key, or a list for a single key; "empty" for all.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<string>> DocumentedDefaults()
    {
        var readme = File.ReadAllText(Repository.PathOf("README.md"));
        var table = readme[readme.IndexOf("| key | default | meaning |", StringComparison.Ordinal)..];
        var documented = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var line in table.Split('\n').Skip(2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Split('|');
            var keys = Ticked().Matches(cells[1]).Select(m => m.Groups[1].Value).ToList();
            var values = Ticked().Matches(cells[2]).Select(m => m.Groups[1].Value).ToList();
            var prefix = keys[0][..(keys[0].LastIndexOf(':') + 1)];
            for (var i = 0; i < keys.Count; i++)
            {
                var key = i == 0 ? keys[0] : prefix + keys[i];
                documented[key] = values.Count == 0 ? [cells[2].Trim().StartsWith(Empty, StringComparison.Ordinal) ? Empty : cells[2].Trim()]
                    : keys.Count == 1 ? values
                    : [values[i]];
            }
        }
        return documented;
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Ticked();
}
