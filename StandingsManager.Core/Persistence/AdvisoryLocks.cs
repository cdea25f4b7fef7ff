namespace StandingsManager.Core.Persistence;

/// <summary>
/// The app's PostgreSQL advisory-lock keys, in one place so no two uses meet. PostgreSQL keeps the single 64-bit key
/// and the pairs of 32-bit keys apart, so the start-up lock and the pairs share the number without colliding.
/// </summary>
public static class AdvisoryLocks
{
    // A number the app alone uses: "StdM" in ASCII.
    private const int App = 0x5374644D;

    /// <summary>Start-up steps (migrate, seed): the single-key form.</summary>
    public const long Startup = App;

    /// <summary>Write transactions: the pair (this, the <see cref="WriteArea"/>).</summary>
    public const int WriteAreas = App;

    /// <summary>Work that runs once across instances: the pair (this, a hash of the work's name), a class apart from the areas.</summary>
    public const int Work = App + 1;
}
