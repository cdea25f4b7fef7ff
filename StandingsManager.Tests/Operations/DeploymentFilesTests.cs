using System.Text.RegularExpressions;
using static StandingsManager.Tests.TestSupport.RepositoryFiles;

namespace StandingsManager.Tests.Operations;

/// <summary>The deployment guide and its systemd unit must start the binary the README's publish command builds.</summary>
public sealed partial class DeploymentFilesTests
{
    [Fact]
    public void The_unit_starts_the_binary_the_readme_publishes()
    {
        var readme = File.ReadAllText(FromRoot("README.md"));
        var publish = PublishCommand().Match(readme);
        Assert.True(publish.Success, "README.md has no 'dotnet publish StandingsManager.App ... -o <folder>' command");
        var project = publish.Groups["project"].Value;
        var output = publish.Groups["output"].Value;
        // The program a publish writes is named after the project's assembly.
        var binary = $"{output}/{typeof(Program).Assembly.GetName().Name}";
        Assert.Equal(project, typeof(Program).Assembly.GetName().Name);

        var unit = UnitSettings(File.ReadAllText(FromRoot("deploy/standingsmanager.service")));
        Assert.Equal(binary, unit["ExecStart"].Single());
        Assert.Equal(output, unit["WorkingDirectory"].Single());
        Assert.Equal("on-failure", unit["Restart"].Single());
        Assert.NotEqual("root", unit["User"].Single());
        // The data folder the unit gives the app is the one systemd creates for it.
        var dataDirectory = unit["Environment"].Single(e => e.StartsWith("Data__Directory=", StringComparison.Ordinal))["Data__Directory=".Length..];
        Assert.Equal($"/var/lib/{unit["StateDirectory"].Single()}", dataDirectory);

        // The guide publishes the same way and points at this unit file.
        var guide = File.ReadAllText(FromRoot("docs/deploy.md"));
        Assert.Contains(publish.Value, guide, StringComparison.Ordinal);
        Assert.Contains("deploy/standingsmanager.service", guide, StringComparison.Ordinal);
    }

    private static Dictionary<string, List<string>> UnitSettings(string unit)
    {
        var settings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in unit.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] is not ('#' or '[')))
        {
            var (key, value) = (line[..line.IndexOf('=', StringComparison.Ordinal)], line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            if (!settings.TryGetValue(key, out var values))
                settings[key] = values = [];
            values.Add(value);
        }
        return settings;
    }

    [GeneratedRegex(@"dotnet publish (?<project>[\w.]+) -c Release -o (?<output>/[\w./-]+)")]
    private static partial Regex PublishCommand();
}
