using Microsoft.Extensions.Options;

namespace StandingsManager.Core.Sync;

/// <summary>
/// Whether a character's contacts may be out of date: no successful sync (or, never synced, no sync since it was
/// added) for longer than <c>Standings:SyncTimeoutMinutes</c>.
/// </summary>
public sealed class SyncStaleness(IOptions<StandingsOptions> options)
{
    public TimeSpan Timeout => TimeSpan.FromMinutes(options.Value.SyncTimeoutMinutes);

    public bool IsStale(SyncedCharacter character, DateTimeOffset now) => IsStale(character, now, Timeout);

    /// <summary>For a query projection that did not load the whole row.</summary>
    public bool IsStale(DateTimeOffset? lastSuccessAt, DateTimeOffset createdAt, DateTimeOffset now) =>
        IsStale(lastSuccessAt, createdAt, now, Timeout);

    /// <summary>Rows whose <c>LastSuccessAt ?? CreatedAt</c> is before this are stale: for filtering in SQL.</summary>
    public DateTimeOffset StaleBefore(DateTimeOffset now) => StaleBefore(options.Value, now);

    /// <summary>The one staleness cutoff the pages, the dashboard and the filters all use.</summary>
    public static DateTimeOffset StaleBefore(StandingsOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        return now - TimeSpan.FromMinutes(options.SyncTimeoutMinutes);
    }

    public static bool IsStale(SyncedCharacter character, DateTimeOffset now, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(character);
        return IsStale(character.LastSuccessAt, character.CreatedAt, now, timeout);
    }

    public static bool IsStale(DateTimeOffset? lastSuccessAt, DateTimeOffset createdAt, DateTimeOffset now, TimeSpan timeout) =>
        now - (lastSuccessAt ?? createdAt) > timeout;
}
