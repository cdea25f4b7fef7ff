namespace StandingsManager.Tests.TestSupport;

/// <summary>Files of the repository itself (docs, sources), found from the test binaries upwards.</summary>
public static class RepositoryRoot
{
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "StandingsManager.sln")))
                return System.IO.Path.Combine(dir.FullName, relative);
        }
        throw new InvalidOperationException("The repository root (StandingsManager.sln) is not above the test binaries.");
    }
}
