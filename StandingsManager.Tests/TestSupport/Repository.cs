namespace StandingsManager.Tests.TestSupport;

/// <summary>The repository the tests were built from.</summary>
public static class Repository
{
    /// <summary>A path below the repository root (where StandingsManager.sln is, above the test binaries).</summary>
    public static string PathOf(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StandingsManager.sln")))
                return Path.Combine(dir.FullName, relative);
        }
        throw new InvalidOperationException("The repository root (StandingsManager.sln) is not above the test binaries.");
    }
}
