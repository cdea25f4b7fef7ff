using System.Diagnostics;
using System.Text.RegularExpressions;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Lists;

/// <summary>Runs <c>--bench wars</c> (on fewer wars than its default 20,000, so it stays quick) and checks its result line.</summary>
public sealed partial class WarsBenchTests
{
    [Fact]
    public async Task The_wars_bench_prints_its_line_with_a_cold_scan_that_kept_the_reserve_and_a_small_warm_cycle()
    {
        var app = Path.Combine(AppContext.BaseDirectory, "StandingsManager.App.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in new[] { app, "--bench", "wars", "--DemoEsi:Wars", "2100", "--Wars:ScanDepth", "2100" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        var text = await output;
        Assert.True(process.ExitCode == 0, $"The bench exited with {process.ExitCode}:\n{text}\n{await errors}");
        var line = BenchLine().Match(text);
        Assert.True(line.Success, $"No wars-bench line in:\n{text}");
        // Two pages and every war once; at least a quarter of the bucket left at any moment; then the first page, ten new wars and 304s.
        Assert.Equal(2_102, int.Parse(line.Groups["cold"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(int.Parse(line.Groups["min"].Value, System.Globalization.CultureInfo.InvariantCulture), 898, 3_600);
        Assert.InRange(int.Parse(line.Groups["warm"].Value, System.Globalization.CultureInfo.InvariantCulture), 11, 200);
    }

    [GeneratedRegex(@"^wars-bench: cold_calls=(?<cold>\d+) cold_min_bucket_left=(?<min>\d+) warm_calls=(?<warm>\d+)$", RegexOptions.Multiline)]
    private static partial Regex BenchLine();
}
