using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;

namespace StandingsManager.Core.Standings;

public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

public sealed record MyCharacterRow(long CharacterId, string Name, bool IsMain, double? Standing,
    int? PendingRequestId, int? PendingRevocationId, string? LastRejection);

public sealed record MyCorporationRow(long CorporationId, string Name, double? Standing, int? PendingRequestId);

/// <summary>A list as the pages' list pickers show it, with where its entries come from and how its source is doing.</summary>
public sealed record ListChoice(int Id, string Name, ListSource Source, bool Enabled, DateTimeOffset? DeletedAt, string? SourceOwner,
    DateTimeOffset? SourceReadAt, string? SourceProblem)
{
    public bool IsReadOnly => Source != ListSource.Requests;
    public bool IsActive => Enabled && DeletedAt is null;

    /// <summary>The picker's text: the name, and why the list may hold nothing new.</summary>
    public string Label => DeletedAt is not null ? $"{Name} (deleted)" : Enabled ? Name : $"{Name} (disabled)";
}

public sealed record StandingsRow(int Id, long EntityId, EntityType EntityType, string EntityName, double Standing, string? Notes,
    string AddedByName, DateTimeOffset AddedAt, int Version, DateTimeOffset? ExpiresAt = null, string? NotesTexts = null)
{
    /// <summary>The notes in the reader's language when a source wrote them, else as written.</summary>
    public string? ShownNotes => Translations.Show(Notes, NotesTexts);
}

/// <summary>Read models for the pages. Every query re-checks the caller's role on the server.</summary>
public sealed class StandingsQueries(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors)
{
    /// <summary>The user's characters with their standing, pending request and removal on one list.</summary>
    public async Task<IReadOnlyList<MyCharacterRow>> MyCharactersAsync(int listId, int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        var characters = await db.Characters.AsNoTracking().Where(c => c.AccountId == actor.AccountId).OrderBy(c => c.Name).ToListAsync(ct);
        var ids = characters.Select(c => c.Id).ToList();
        var entries = await db.Standings.Where(e => e.ListId == listId && ids.Contains(e.EntityId)).ToDictionaryAsync(e => e.EntityId, e => e.Standing, ct);
        var pending = await db.Requests.Where(r => r.ListId == listId && ids.Contains(r.EntityId) && r.Status == RequestStatus.Pending).ToDictionaryAsync(r => r.EntityId, r => r.Id, ct);
        var revocations = await db.Revocations.Where(r => r.ListId == listId && ids.Contains(r.EntityId) && r.Status == RequestStatus.Pending).ToDictionaryAsync(r => r.EntityId, r => r.Id, ct);
        var decided = await db.Requests.Where(r => r.ListId == listId && ids.Contains(r.EntityId) && r.Status != RequestStatus.Pending)
            .Select(r => new { r.EntityId, r.Id, r.Status, r.DecisionNote }).ToListAsync(ct);
        var lastRejection = decided.GroupBy(r => r.EntityId)
            .Select(g => g.MaxBy(r => r.Id)!)
            .Where(r => r.Status == RequestStatus.Rejected)
            .ToDictionary(r => r.EntityId, r => r.DecisionNote);

        return characters.Select(c => new MyCharacterRow(c.Id, c.Name, c.Id == actor.MainCharacterId,
            entries.TryGetValue(c.Id, out var s) ? s : null,
            pending.TryGetValue(c.Id, out var p) ? p : null,
            revocations.TryGetValue(c.Id, out var v) ? v : null,
            !entries.ContainsKey(c.Id) && lastRejection.TryGetValue(c.Id, out var why) ? why : null)).ToList();
    }

    /// <summary>The player corporations the user's characters are in (the ones they may request standings for), with their standing on one list.</summary>
    public async Task<IReadOnlyList<MyCorporationRow>> MyCorporationsAsync(int listId, int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        var ids = (await db.Characters.Where(c => c.AccountId == actor.AccountId && c.CorporationId != null)
                .Select(c => c.CorporationId!.Value).Distinct().ToListAsync(ct))
            .Where(id => !CorporationCoverage.IsNpcCorporation(id)).ToList();
        var names = await db.EveEntities.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var entries = await db.Standings.Where(e => e.ListId == listId && ids.Contains(e.EntityId)).ToDictionaryAsync(e => e.EntityId, e => e.Standing, ct);
        var pending = await db.Requests.Where(r => r.ListId == listId && ids.Contains(r.EntityId) && r.Status == RequestStatus.Pending).ToDictionaryAsync(r => r.EntityId, r => r.Id, ct);
        return ids.Select(id => new MyCorporationRow(id, names.GetValueOrDefault(id) ?? $"Corporation {id}",
                entries.TryGetValue(id, out var s) ? s : null, pending.TryGetValue(id, out var p) ? p : null))
            .OrderBy(r => r.Name).ToList();
    }

    /// <summary>
    /// Pending requests on one list (null: every list), oldest first, each with its list, the requester's main,
    /// corporation, alliance and other characters.
    /// </summary>
    public async Task<Page<RequestQueueRow>> PendingRequestsAsync(int actorAccountId, int? listId, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Approver, () => CoreText.Get("Role.Needed.SeeRequestQueue"));
        var query = db.Requests.AsNoTracking().Where(r => r.Status == RequestStatus.Pending && (listId == null || r.ListId == listId));
        var requests = await query.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Skip(skip).Take(take).ToListAsync(ct);

        var accountIds = requests.Select(r => r.RequesterAccountId).Distinct().ToList();
        var mains = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.MainCharacterId, ct);
        var characters = (await db.Characters.AsNoTracking().Where(c => accountIds.Contains(c.AccountId)).ToListAsync(ct))
            .ToLookup(c => c.AccountId);
        var orgIds = characters.SelectMany(g => g).SelectMany(c => new[] { c.CorporationId, c.AllianceId }).OfType<long>().Distinct().ToList();
        var orgNames = await db.EveEntities.AsNoTracking().Where(e => orgIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        string? OrgName(long? id, string noun) => id is { } known ? orgNames.GetValueOrDefault(known) ?? $"{noun} {known}" : null;
        var lists = await db.Lists.AsNoTracking().ToDictionaryAsync(l => l.Id, l => new { l.Name, l.DefaultStanding }, ct);

        var items = requests.Select(r =>
        {
            var mainId = mains.GetValueOrDefault(r.RequesterAccountId);
            var own = characters[r.RequesterAccountId].ToList();
            var main = own.FirstOrDefault(c => c.Id == mainId);
            return new RequestQueueRow(r.Id, r.Version, r.EntityId, r.EntityType, r.EntityName, r.RequesterName, r.CreatedAt,
                main?.Name ?? r.RequesterName, OrgName(main?.CorporationId, "Corporation"), OrgName(main?.AllianceId, "Alliance"),
                r.EntityType == EntityType.Character ? r.EntityId == mainId : null,
                [.. own.Where(c => c.Id != mainId && c.Id != r.EntityId).Select(c => c.Name).Order(StringComparer.OrdinalIgnoreCase)],
                r.ListId, lists.GetValueOrDefault(r.ListId)?.Name ?? $"List {r.ListId}", lists.GetValueOrDefault(r.ListId)?.DefaultStanding ?? 0);
        }).ToList();
        return new Page<RequestQueueRow>(items, await query.CountAsync(ct));
    }

    /// <summary>Pending revocations on one list (null: every list), oldest first, each with its list and the standing and expiry of the entry it would remove.</summary>
    public async Task<Page<RevocationQueueRow>> PendingRevocationsAsync(int actorAccountId, int? listId, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Approver, () => CoreText.Get("Role.Needed.SeeRevocationQueue"));
        var query = db.Revocations.AsNoTracking().Where(r => r.Status == RequestStatus.Pending && (listId == null || r.ListId == listId));
        var rows = await query.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Skip(skip).Take(take).ToListAsync(ct);
        var entityIds = rows.Select(r => r.EntityId).ToList();
        var entries = await db.Standings.AsNoTracking().Where(e => entityIds.Contains(e.EntityId))
            .ToDictionaryAsync(e => (e.ListId, e.EntityId), e => new { e.Standing, e.ExpiresAt }, ct);
        var lists = await db.Lists.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var items = rows.Select(r =>
        {
            var entry = entries.GetValueOrDefault((r.ListId, r.EntityId));
            return new RevocationQueueRow(r.Id, r.Version, r.EntityId, r.EntityType, r.EntityName, SystemName.Shown(r.RequestedByName), r.CreatedAt,
                r.Source == RevocationSource.User ? CoreText.Get("Revocations.Reason.Owner") : SystemReason(r.SystemReason), entry?.Standing, entry?.ExpiresAt,
                r.ListId, lists.GetValueOrDefault(r.ListId) ?? $"List {r.ListId}");
        }).ToList();
        return new Page<RevocationQueueRow>(items, await query.CountAsync(ct));
    }

    /// <summary>
    /// The lists, oldest first, for the pickers of those who may read every list (approvers and auditors); deleted lists
    /// only when <paramref name="includeDeleted"/> (the audit log still names them).
    /// </summary>
    public async Task<IReadOnlyList<ListChoice>> ListsAsync(int actorAccountId, bool includeDeleted = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        RequireReader(await actors.LoadAsync(db, actorAccountId, ct), CoreText.Get("Role.Needed.SeeStandingsLists"));
        var lists = await db.Lists.AsNoTracking().Where(l => includeDeleted || l.DeletedAt == null).OrderBy(l => l.Id)
            .Select(l => new { l.Id, l.Name, l.Source, l.Enabled, l.DeletedAt, l.MirrorOwnerName, l.SourceReadAt, l.SourceProblem, l.SourceProblemTexts })
            .ToListAsync(ct);
        return [.. lists.Select(l => new ListChoice(l.Id, l.Name, l.Source, l.Enabled, l.DeletedAt, l.MirrorOwnerName, l.SourceReadAt,
            Translations.Show(l.SourceProblem, l.SourceProblemTexts)))];
    }

    public async Task<Page<StandingsRow>> StandingsAsync(int listId, int actorAccountId, EntityType? type, string? search, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        RequireReader(await actors.LoadAsync(db, actorAccountId, ct), CoreText.Get("Role.Needed.SeeStandingsList"));
        var query = db.Standings.AsNoTracking().Where(e => e.ListId == listId);
        if (type is { } t)
            query = query.Where(e => e.EntityType == t);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLower();
            query = long.TryParse(term, out var id)
                ? query.Where(e => e.EntityId == id || e.EntityName.ToLower().Contains(term))
                : query.Where(e => e.EntityName.ToLower().Contains(term));
        }
        var items = await query.OrderBy(e => e.EntityName).Skip(skip).Take(take)
            .Select(e => new StandingsRow(e.Id, e.EntityId, e.EntityType, e.EntityName, e.Standing, e.Notes, e.AddedByName, e.AddedAt, e.Version, e.ExpiresAt, e.NotesTexts))
            .ToListAsync(ct);
        return new Page<StandingsRow>(items, await query.CountAsync(ct));
    }

    /// <summary>
    /// One list as CSV (<see cref="StandingsCsv"/>), for everyone who may read it: the file holds exactly the rows and
    /// columns the page already shows them, so refusing it would only make them copy the page. Lists written by a
    /// source export too.
    /// </summary>
    public async Task ExportAsync(int listId, int actorAccountId, Stream output, CancellationToken ct = default)
    {
        List<StandingsEntry> entries;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            RequireReader(await actors.LoadAsync(db, actorAccountId, ct), CoreText.Get("Role.Needed.ExportStandingsList"));
            await ListGuard.FindAsync(db, listId, ct);
            entries = await db.Standings.AsNoTracking().Where(e => e.ListId == listId).OrderBy(e => e.EntityName).ThenBy(e => e.EntityId).ToListAsync(ct);
        }
        await StandingsCsv.WriteAsync(entries, output, ct);
    }

    /// <summary>
    /// The audit history of one entity on one list, newest first: who asked, who decided, with what value and note.
    /// Rows of other lists are left out; rows about no list (a role, a transfer) stay, as before lists.
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> HistoryAsync(int listId, int actorAccountId, long entityId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        if (!actor.Has(Role.Approver) && !actor.Has(Role.Auditor))
            throw WorkflowException.Forbidden(CoreText.Get("Role.Needed.SeeEntryHistory"));
        return await db.Audit.AsNoTracking().Where(a => a.SubjectId == entityId && (a.ListId == listId || a.ListId == null)).NewestFirst().Take(50).ToListAsync(ct);
    }

    /// <summary>Why the system asks for a removal, as the queue shows it.</summary>
    private static string SystemReason(SystemRevocationReason reason) => reason switch
    {
        SystemRevocationReason.LostEligibility => CoreText.Get("Revocations.Reason.LostEligibility"),
        SystemRevocationReason.TokenLost => CoreText.Get("Revocations.Reason.TokenLost"),
        SystemRevocationReason.CharacterTransferred => CoreText.Get("Revocations.Reason.CharacterTransferred"),
        SystemRevocationReason.CorporationCoverageLost => CoreText.Get("Revocations.Reason.CorporationCoverageLost"),
        SystemRevocationReason.Expired => CoreText.Get("Revocations.Reason.Expired"),
        SystemRevocationReason.AccountDeactivated => CoreText.Get("Revocations.Reason.AccountDeactivated"),
        _ => CoreText.Get("Revocations.Reason.System"),
    };

    private static void RequireReader(Actor actor, string refusal)
    {
        if (!actor.Has(Role.Approver) && !actor.Has(Role.Auditor))
            throw WorkflowException.Forbidden(refusal);
    }

    /// <summary>Queue counts for the dashboard, on one list or (null) all: approvers only, like the queues themselves.</summary>
    public async Task<(int Requests, int Revocations)> QueueCountsAsync(int? listId, int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Approver, () => CoreText.Get("Role.Needed.SeeRequestCounts"));
        return (await db.Requests.CountAsync(r => r.Status == RequestStatus.Pending && (listId == null || r.ListId == listId), ct),
            await db.Revocations.CountAsync(r => r.Status == RequestStatus.Pending && (listId == null || r.ListId == listId), ct));
    }
}
