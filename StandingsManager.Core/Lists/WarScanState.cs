namespace StandingsManager.Core.Lists;

/// <summary>Where the war scan stands (one row): the newest id seen, the cold scan's paging cursor and the first page's ETag.</summary>
public sealed class WarScanState
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    /// <summary>The newest war id seen on <c>/wars</c>; ids above it are new.</summary>
    public long? NewestWarId { get; set; }
    /// <summary>The cold scan's next page: ids below this; null once it has read back <see cref="ScanDepth"/> ids.</summary>
    public long? ColdMaxWarId { get; set; }
    /// <summary>How many more ids the cold scan takes from the pages it reads back.</summary>
    public int ColdIdsLeft { get; set; }
    /// <summary><c>Wars:ScanDepth</c> when the cold scan began.</summary>
    public int ScanDepth { get; set; }
    public DateTimeOffset? ColdStartedAt { get; set; }
    public DateTimeOffset? ColdFinishedAt { get; set; }
    /// <summary>The first page's ETag and Expires: new ids are looked for once it expires, with the ETag.</summary>
    public string? PageETag { get; set; }
    public DateTimeOffset? PageExpiresAt { get; set; }
}
