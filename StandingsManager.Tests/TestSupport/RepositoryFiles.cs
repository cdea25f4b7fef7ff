namespace StandingsManager.Tests.TestSupport;

/// <summary>Files of the repository the tests read as documents (README, deployment files).</summary>
public static class RepositoryFiles
{
    /// <summary>The path of <paramref name="relative"/> below the repository root (where StandingsManager.sln is).</summary>
    public static string FromRoot(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StandingsManager.sln")))
                return Path.Combine(dir.FullName, relative);
        }
        throw new InvalidOperationException("The repository root (StandingsManager.sln) is not above the test binaries.");
    }
}
