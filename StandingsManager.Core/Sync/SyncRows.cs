using StandingsManager.Core.Accounts;

namespace StandingsManager.Core.Sync;

/// <summary>
/// How a synced character is doing, as the pages show it (one icon each) and as the administrators filter.
/// As a filter, <see cref="Stale"/> matches the stale flag whatever the status, <see cref="Disabled"/> matches
/// characters not enabled, and the others match the recorded status of enabled characters.
/// </summary>
public enum SyncHealth
{
    Ok,
    Warning,
    Error,
    Disabled,
    Pending,
    Stale,
}

/// <summary>One recorded run (or dry run) of a character's sync.</summary>
public sealed record SyncRunRow(long Id, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, SyncStatus Outcome, bool DryRun,
    int Added, int Updated, int Removed, int Collisions, int Capped, int Refused, int EsiCalls, int DurationMs, string? Message, string? Error)
{
    internal static SyncRunRow From(SyncRun r) => new(r.Id, r.StartedAt, r.FinishedAt, r.Outcome, r.DryRun,
        r.Added, r.Updated, r.Removed, r.Collisions, r.Capped, r.Refused, r.EsiCalls, r.DurationMs,
        Localization.Translations.Show(r.Message, r.MessageTexts), r.Error);
}

/// <summary>A synced character's state: what the scheduler recorded, whether it is stale, and the last real run.</summary>
public sealed record SyncState(bool Enabled, SyncStatus Status, string? StatusMessage, bool Stale, DateTimeOffset CreatedAt,
    DateTimeOffset? LastSyncAt, DateTimeOffset? LastSuccessAt, DateTimeOffset? NextSyncAt, DateTimeOffset? LastManualSyncAt, SyncRunRow? LastRun)
{
    /// <summary>The one icon to show: a switched-off or failing sync first, then a stale one, then the recorded status.</summary>
    public SyncHealth Health => !Enabled || Status == SyncStatus.Disabled ? SyncHealth.Disabled
        : Status == SyncStatus.Error ? SyncHealth.Error
        : Stale ? SyncHealth.Stale
        : Status switch
        {
            SyncStatus.Ok => SyncHealth.Ok,
            SyncStatus.Warning => SyncHealth.Warning,
            _ => SyncHealth.Pending,
        };

    internal static SyncState From(SyncedCharacter s, DateTimeOffset staleBefore, SyncRunRow? lastRun) =>
        new(s.Enabled, s.Status, s.ShownStatusMessage, IsStale(s, staleBefore), s.CreatedAt, s.LastSyncAt, s.LastSuccessAt, s.NextSyncAt, s.LastManualSyncAt, lastRun);

    /// <summary>
    /// Stale: enabled, and no sync has brought the contacts in line within the timeout, counting from when it was last
    /// switched on (<see cref="SyncedCharacter.CreatedAt"/>, reset when sync is switched on again).
    /// </summary>
    internal static bool IsStale(SyncedCharacter s, DateTimeOffset staleBefore) =>
        s.Enabled && s.CreatedAt < staleBefore && (s.LastSuccessAt is null || s.LastSuccessAt < staleBefore);
}

/// <summary>One of the member's own characters on the My Synced Characters page, enrolled or not.</summary>
public sealed record MySyncRow(long CharacterId, string Name, bool IsMain, TokenStatus? TokenStatus, IReadOnlyList<string> MissingScopes,
    SyncState? Sync, string? Fix)
{
    /// <summary>The grant is valid and has every scope the user's state requires: the character can be synced.</summary>
    public bool Granted => TokenStatus == Accounts.TokenStatus.Valid && MissingScopes.Count == 0;
}

/// <summary>The member's page: their state, the scopes it requires, and each character.</summary>
public sealed record MySyncOverview(AccessState State, IReadOnlyList<string> RequiredScopes, IReadOnlyList<MySyncRow> Characters);

/// <summary>A row of the administrators' Synced Characters list.</summary>
public sealed record SyncedCharacterRow(long CharacterId, string Name, int OwnerAccountId, string OwnerName, SyncState Sync);
