namespace StandingsManager.Core.Sync;

/// <summary>
/// The write-ahead ledger's row changes around one write call, as pure functions: the engine applies them to tracked
/// rows, and tests apply them to an in-memory ledger to check that a run converges.
/// </summary>
public static class LedgerTransitions
{
    /// <summary>Before the call: what the contact may hold once it lands. Returns the row (new when there was none).</summary>
    public static ManagedContact Intent(ManagedContact? row, long characterId, PlannedContact planned, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(planned);
        row ??= new ManagedContact { CharacterId = characterId, ContactId = planned.Id };
        row.ContactType = planned.Type ?? row.ContactType;
        row.WrittenAt = now;
        row.Watched = planned.Watched;
        if (planned.Kind is SyncChangeKind.Remove or SyncChangeKind.Restore)
        {
            // Going away from us; a restore keeps what it gives back, so a crash can still give it back.
            row.State = LedgerState.Removing;
            if (planned.Kind == SyncChangeKind.Remove)
            {
                row.Standing = planned.Standing;
                row.LabelIds = SyncPlanner.FormatLabels(planned.LabelIds);
            }
            return row;
        }
        row.State = LedgerState.Writing;
        row.Standing = planned.Standing;
        if (planned.ListIds is not null)
            row.ListIds = planned.ListIds;
        row.LabelIds = SyncPlanner.FormatLabels(planned.LabelIds);
        row.OverriddenPersonalStanding = planned.OverriddenStanding;
        row.OverriddenPersonalLabelIds = planned.OverriddenLabelIds is null ? null : SyncPlanner.FormatLabels(planned.OverriddenLabelIds);
        return row;
    }

    /// <summary>
    /// After the call answered: landed writes become Written, landed deletes and restores tombstones (kept while ESI's
    /// cache may still show the old contact). False when the row goes: an add EVE did not create is not ours.
    /// </summary>
    public static bool Outcome(ManagedContact row, PlannedContact planned, bool landed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(planned);
        if (!landed)
            return false;
        row.WrittenAt = now;
        row.State = planned.Kind is SyncChangeKind.Remove or SyncChangeKind.Restore ? LedgerState.Removed : LedgerState.Written;
        return true;
    }

    /// <summary>
    /// After a call EVE refused outright (a 4xx answer, nothing applied): undo the intent. False when the row goes (an add).
    /// The row is backdated so the next read, not the row, decides what the contact holds.
    /// </summary>
    public static bool Refused(ManagedContact row, PlannedContact planned)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(planned);
        if (planned.Kind == SyncChangeKind.Add)
            return false;
        row.State = LedgerState.Written;
        row.WrittenAt = DateTimeOffset.UnixEpoch;
        if (planned.From is { } from)
            row.Standing = from;
        return true;
    }
}
