namespace StandingsManager.Core.Sync;

/// <summary>One list's outcome on the character this run synced.</summary>
internal sealed record SyncListResult(int ListId, long? LabelId, SyncListStatus Status, Localization.Phrase? Message);

/// <summary>What one run did so far: counts, calls, changes and what to store if it converges.</summary>
internal sealed class SyncRunState(long characterId, SyncMode mode, DateTimeOffset startedAt)
{
    public long CharacterId { get; } = characterId;
    public SyncMode Mode { get; } = mode;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public int AccountId { get; set; }
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Removed { get; set; }
    public int Collisions { get; set; }
    public int Capped { get; set; }
    public int Refused { get; set; }
    public int Calls { get; set; }
    public int Writes { get; set; }
    public bool Unchanged { get; set; }
    public string? Error { get; set; }
    public string? Hash { get; set; }
    public string? ContactsETag { get; set; }
    public string? LabelsETag { get; set; }
    public long? LabelId { get; set; }
    /// <summary>Each list's outcome on this character, saved with the run (null when the run never read the labels).</summary>
    public List<SyncListResult>? Lists { get; set; }
    public List<SyncChange> Changes { get; } = [];

    /// <summary>The run record for <see cref="SyncRunRecorder"/>.</summary>
    public SyncRun ToRun(SyncStatus status, Localization.Phrase message, DateTimeOffset finishedAt, TimeSpan duration) => new SyncRun
    {
        CharacterId = CharacterId,
        StartedAt = StartedAt,
        FinishedAt = finishedAt,
        Outcome = status,
        DryRun = Mode == SyncMode.DryRun,
        Added = Added,
        Updated = Updated,
        Removed = Removed,
        Collisions = Collisions,
        Capped = Capped,
        Refused = Refused,
        EsiCalls = Calls,
        DurationMs = SyncRunRecorder.Milliseconds(duration),
        Error = Error,
    }.Saying(message);

    /// <summary>The report the caller gets.</summary>
    public SyncReport ToReport(SyncStatus status, Localization.Phrase message, TimeSpan duration) =>
        new(CharacterId, Mode, status, message.Render(), Added, Updated, Removed, Collisions, Capped, Refused, Calls, duration, [.. Changes], Unchanged);

    /// <summary>The names of the changes of one kind, at most ten and a count of the rest.</summary>
    public string NameList(SyncChangeKind kind)
    {
        var names = Changes.Where(c => c.Kind == kind).Select(c => c.Name).ToList();
        return names.Count <= 10 ? string.Join(", ", names) : CoreSyncText.Format("Sync.Names.More", string.Join(", ", names.Take(10)), names.Count - 10);
    }
}
