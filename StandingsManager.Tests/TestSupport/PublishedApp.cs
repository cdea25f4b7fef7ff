using System.Diagnostics;

namespace StandingsManager.Tests.TestSupport;

/// <summary>
/// The app published as docs/deploy.md does, once per test run, from the build the tests already made
/// (<c>--no-build</c>, the tests' configuration): a plain build serves no static assets outside Development. Each
/// <see cref="StartAsync"/> runs it as a process of its own.
/// </summary>
public static class PublishedApp
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _folder;

    /// <summary>The published program's folder, published on first use and deleted when the test run ends.</summary>
    public static async Task<string> FolderAsync()
    {
        if (_folder is { } ready)
            return ready;
        await Gate.WaitAsync();
        try
        {
            if (_folder is not null)
                return _folder;
            var folder = Path.Combine(StandingsAppFactory.NewDataDirectory(), "app");
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var publish = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { "publish", Repository.PathOf("StandingsManager.App/StandingsManager.App.csproj"), "-c", configuration, "--no-build", "-o", folder })
                publish.ArgumentList.Add(arg);
            using (var publishing = Process.Start(publish)!)
            {
                var output = publishing.StandardOutput.ReadToEndAsync();
                var errors = publishing.StandardError.ReadToEndAsync();
                await publishing.WaitForExitAsync();
                if (publishing.ExitCode != 0)
                    throw new InvalidOperationException($"dotnet publish failed ({publishing.ExitCode}):\n{await output}\n{await errors}");
            }
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StandingsAppFactory.DeleteDataDirectory(Path.GetDirectoryName(folder)!);
            return _folder = folder;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Starts the published program in <paramref name="environment"/> with the given command-line settings.</summary>
    public static async Task<AppProcess> StartAsync(string name, string environment, IEnumerable<string> settings)
    {
        var published = await FolderAsync();
        // Started from another folder, as an operator may from a shell: the app still finds its own files.
        var start = new ProcessStartInfo(Path.Combine(published, "StandingsManager.App")) { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = Path.GetTempPath() };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var setting in settings)
            start.ArgumentList.Add(setting);
        return new AppProcess(name, start);
    }
}
