using StandingsManager.Core.Lists;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

/// <summary>One list as a member sees it for one character: the switch and the list's own status there.</summary>
public sealed record CharacterListView(int ListId, string Name, string LabelName, int Priority, bool InAudience, bool Enabled, SyncListStatus Status, string? Message);

public sealed partial class SyncCommands
{
    /// <summary>
    /// Every active list and how it stands on one of the member's characters: in the audience or not, switched on or off,
    /// and the list's status from the last sync (Pending until one ran).
    /// </summary>
    public async Task<IReadOnlyList<CharacterListView>> ListsAsync(int actorAccountId, long characterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await LoadMemberAsync(db, actorAccountId, ct);
        await OwnCharacterAsync(db, actor, characterId, ct);
        var viewer = await ListViewer.LoadAsync(db, actor, ct);
        var lists = await db.Lists.AsNoTracking().Where(l => l.Enabled && l.DeletedAt == null).ToListAsync(ct);
        var rows = await db.SyncedCharacterLists.AsNoTracking().Where(r => r.CharacterId == characterId).ToDictionaryAsync(r => r.ListId, ct);
        return [.. lists
            .OrderByDescending(l => l.Priority).ThenBy(l => l.Id)
            .Select(l =>
            {
                rows.TryGetValue(l.Id, out var row);
                var inAudience = viewer.Receives(l);
                var enabled = row?.Enabled ?? true;
                var status = !inAudience ? SyncListStatus.NotInAudience : !enabled ? SyncListStatus.Off : row?.Status switch
                {
                    SyncListStatus.Ok or SyncListStatus.LabelMissing => row.Status,
                    _ => SyncListStatus.Pending,
                };
                // Said afresh in the reader's language rather than read from the row, which keeps English.
                var message = status == SyncListStatus.LabelMissing ? SyncMessages.LabelNotFound(l.LabelName.Trim()).Render() : null;
                return new CharacterListView(l.Id, l.Name, l.LabelName, l.Priority, inAudience, enabled, status, message);
            })];
    }

    /// <summary>
    /// The member switches one list off (its contacts are removed from the character) or on again for one of their own
    /// characters; audited, and the character is synced at once.
    /// </summary>
    public async Task SetListAsync(int actorAccountId, long characterId, int listId, bool enabled, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await LoadMemberAsync(db, actorAccountId, ct);
        var character = await OwnCharacterAsync(db, actor, characterId, ct);
        var synced = await db.SyncedCharacters.AsNoTracking().SingleOrDefaultAsync(s => s.CharacterId == characterId, ct)
            ?? throw WorkflowException.NotFound(CoreSyncText.Format("Sync.NotIn.AddFirst", character.Name));
        var list = await db.Lists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId && l.DeletedAt == null, ct)
            ?? throw WorkflowException.NotFound(CoreSyncText.Get("Sync.ListGone"));
        var viewer = await ListViewer.LoadAsync(db, actor, ct);
        if (!viewer.Receives(list))
            throw WorkflowException.Forbidden(CoreSyncText.Format("Sync.ListNotForYou", list.Name));

        var row = await db.SyncedCharacterLists.SingleOrDefaultAsync(r => r.CharacterId == characterId && r.ListId == listId, ct);
        if ((row?.Enabled ?? true) == enabled)
            return; // already so: nothing to record
        if (row is null)
        {
            row = new SyncedCharacterList { CharacterId = characterId, ListId = listId };
            db.SyncedCharacterLists.Add(row);
        }
        row.Enabled = enabled;
        row.Status = enabled ? SyncListStatus.Pending : SyncListStatus.Off;
        row.Message = null;
        var now = time.GetUtcNow();
        db.Record(now, enabled ? AuditAction.SyncListEnabled : AuditAction.SyncListDisabled, actor, characterId, EntityType.Character, character.Name,
            details: enabled ? Audit.RecordText.Said("Record.Sync.ListOn", list.Name) : Audit.RecordText.Said("Record.Sync.ListOff", list.Name),
            listId: listId);
        await db.SaveChangesAsync(ct);
        if (synced.Enabled)
            await dueSoon.MakeDueNowAsync([characterId], ct);
    }
}
