using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Lists;

/// <summary>
/// Administrators create, edit, disable, enable and delete lists; every change is audited with the list's id and
/// published as <see cref="StandingsChangeKind.Lists"/> after it commits.
/// </summary>
public sealed class ListsAdmin(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, EsiClient esi, StandingsEvents events, TimeProvider time)
{
    public const int MinPriority = 0;
    public const int MaxPriority = 1000;
    private static string WhatFor() => CoreText.Get("Role.Needed.ManageLists");
    private static string RaceMessage => CoreText.Get("Lists.Race");

    /// <summary>Every list not deleted, with its entry count, highest priority first.</summary>
    public async Task<IReadOnlyList<ListRow>> ListAsync(int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Administrator, WhatFor);
        var lists = await db.Lists.AsNoTracking().Where(l => l.DeletedAt == null).ToListAsync(ct);
        var counts = await db.Standings.AsNoTracking().GroupBy(e => e.ListId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var characterIds = lists.Select(l => l.MirrorCharacterId).OfType<long>().ToList();
        var characters = await db.Characters.AsNoTracking().Where(c => characterIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return [.. lists.OrderByDescending(l => l.Priority).ThenBy(l => l.Id)
            .Select(l => new ListRow(l, counts.GetValueOrDefault(l.Id), l.MirrorCharacterId is { } c ? characters.GetValueOrDefault(c) : null))];
    }

    /// <summary>The administrator's own characters that may read an in-game list, with what each can read.</summary>
    public async Task<IReadOnlyList<MirrorReader>> ReadersAsync(int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Administrator, WhatFor);
        var (characters, grants) = await OrgContactsImport.OwnCharactersAsync(db, actorAccountId, ct);
        return [.. characters.Select(c => new MirrorReader(c.Id, c.Name,
            c.AllianceId is not null && GrantCheck.Of(grants.GetValueOrDefault(c.Id), [OrgContactsImport.ScopeFor(ContactListOwner.Alliance)]).Ok,
            GrantCheck.Of(grants.GetValueOrDefault(c.Id), [OrgContactsImport.ScopeFor(ContactListOwner.Corporation)]).Ok))];
    }

    public async Task<int> CreateAsync(int actorAccountId, ListDraft draft, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, WhatFor);
        var list = new StandingsList { Name = "", LabelName = "", Source = draft.Source, CreatedAt = time.GetUtcNow() };
        await ApplyDraftAsync(db, actor, list, draft, isNew: true, ct);
        db.Lists.Add(list);
        // Two saves (the audit row needs the new id), one transaction.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.Lists, ct);
        await db.SaveStepAsync(CoreText.Format("Lists.CreatedMeanwhile", list.Name, list.LabelName), ct);
        db.Record(list.CreatedAt, AuditAction.ListCreated, actor, null, null, list.Name, list.DefaultStanding, Describe(Settings(list)), list.Id);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await events.PublishAsync(new StandingsChange(StandingsChangeKind.Lists, list.Id));
        return list.Id;
    }

    /// <summary>Edits a list; the source cannot change. <paramref name="expectedVersion"/> guards against overwriting someone else's edit.</summary>
    public async Task EditAsync(int actorAccountId, int listId, int expectedVersion, ListDraft draft, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, WhatFor);
        var list = await LoadAsync(db, listId, expectedVersion, ct);
        if (draft.Source != list.Source)
            throw WorkflowException.Invalid(CoreText.Format("Lists.SourceFixed", list.Name, SourceText(list.Source)));
        var before = Settings(list);
        await ApplyDraftAsync(db, actor, list, draft, isNew: false, ct);
        var after = Settings(list);
        if (Describe(before).In(NotificationText.Stored) == Describe(after).In(NotificationText.Stored) && !db.ChangeTracker.HasChanges())
            return;
        db.Record(time.GetUtcNow(), AuditAction.ListEdited, actor, null, null, list.Name, list.DefaultStanding, Changes(before, after), list.Id);
        await db.SaveStepAsync(RaceMessage, ct);
        await events.PublishAsync(new StandingsChange(StandingsChangeKind.Lists, list.Id));
    }

    /// <summary>A disabled list takes no requests and syncs nowhere; its entries stay.</summary>
    public Task DisableAsync(int actorAccountId, int listId, int expectedVersion, CancellationToken ct = default) =>
        SetEnabledAsync(actorAccountId, listId, expectedVersion, false, ct);

    public Task EnableAsync(int actorAccountId, int listId, int expectedVersion, CancellationToken ct = default) =>
        SetEnabledAsync(actorAccountId, listId, expectedVersion, true, ct);

    private async Task SetEnabledAsync(int actorAccountId, int listId, int expectedVersion, bool enabled, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, WhatFor);
        var list = await LoadAsync(db, listId, expectedVersion, ct);
        if (list.Enabled == enabled)
            return;
        list.Enabled = enabled;
        db.Record(time.GetUtcNow(), enabled ? AuditAction.ListEnabled : AuditAction.ListDisabled, actor, null, null, list.Name, null,
            RecordText.Said(enabled ? "Record.List.Enabled" : "Record.List.Disabled"), list.Id);
        await db.SaveStepAsync(RaceMessage, ct);
        await events.PublishAsync(new StandingsChange(StandingsChangeKind.Lists, list.Id));
    }

    /// <summary>
    /// Deletes a list: its entries go, its pending requests and revocations are cancelled, and the row stays (audit and
    /// ledger rows name it) with the reason. The first list cannot be deleted: old rows and old code fall back to it.
    /// </summary>
    public async Task<int> DeleteAsync(int actorAccountId, int listId, int expectedVersion, string? reason, CancellationToken ct = default)
    {
        var why = FreeText.Clean(reason) ?? throw WorkflowException.Invalid(CoreText.Get("Lists.DeleteReason"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, WhatFor);
        var list = await LoadAsync(db, listId, expectedVersion, ct);
        if (list.Id == StandingsList.FirstListId)
            throw WorkflowException.Invalid(CoreText.Format("Lists.FirstStays", list.Name));

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.Lists, ct);
        // Tracked, not ExecuteDelete: the context writes one change-log row per entry in the same save.
        var entries = await db.Standings.Where(e => e.ListId == listId).ToListAsync(ct);
        db.Standings.RemoveRange(entries);
        var removed = entries.Count;
        // The workflow's own classes cancel one request at a time with its audit; a deleted list cancels all at once,
        // so this is a direct update (the ListDeleted row says how many).
        var note = $"The list {list.Name} was deleted.";
        var requests = await db.Requests.Where(r => r.ListId == listId && r.Status == RequestStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RequestStatus.Cancelled).SetProperty(r => r.DecidedAt, now)
                .SetProperty(r => r.DecidedByName, actor.Name).SetProperty(r => r.DecidedByAccountId, actor.AccountId)
                .SetProperty(r => r.DecisionNote, note).SetProperty(r => r.Version, r => r.Version + 1), ct);
        var revocations = await db.Revocations.Where(r => r.ListId == listId && r.Status == RequestStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RequestStatus.Cancelled).SetProperty(r => r.DecidedAt, now)
                .SetProperty(r => r.DecidedByName, actor.Name).SetProperty(r => r.DecidedByAccountId, actor.AccountId)
                .SetProperty(r => r.DecisionNote, note).SetProperty(r => r.Version, r => r.Version + 1), ct);
        list.DeletedAt = now;
        list.DeletedReason = FreeText.Truncate(why, 1000);
        list.Enabled = false;
        db.Record(now, AuditAction.ListDeleted, actor, null, null, list.Name, null,
            RecordText.Said("Record.List.Deleted", Counted("Record.List.Entries", removed), Counted("Record.List.Requests", requests),
                Counted("Record.List.Revocations", revocations), why), list.Id);
        await db.SaveStepAsync(RaceMessage, ct);
        await transaction.CommitAsync(ct);
        await events.PublishAsync(new StandingsChange(StandingsChangeKind.Lists, list.Id));
        if (removed > 0)
            await events.PublishAsync(new StandingsChange(StandingsChangeKind.Entries, list.Id));
        if (requests > 0)
            await events.PublishAsync(new StandingsChange(StandingsChangeKind.Requests, list.Id));
        if (revocations > 0)
            await events.PublishAsync(new StandingsChange(StandingsChangeKind.Revocations, list.Id));
        return removed;
    }

    /// <summary>The source as the Lists page shows it, in the reader's language.</summary>
    public static string SourceText(ListSource source) => source switch
    {
        ListSource.InGameContacts => CoreText.Get("List.Source.InGameContacts"),
        ListSource.WarTargets => CoreText.Get("List.Source.WarTargets"),
        _ => CoreText.Get("List.Source.RequestsShort"),
    };

    // The audit log keeps one language, English: its rows are records, read by everyone long after.
    private static string AuditSourceText(ListSource source) => source switch
    {
        ListSource.InGameContacts => "in-game contacts",
        ListSource.WarTargets => "war targets",
        _ => "requests",
    };

    private static async Task<StandingsList> LoadAsync(StandingsDbContext db, int listId, int expectedVersion, CancellationToken ct)
    {
        var list = await db.Lists.SingleOrDefaultAsync(l => l.Id == listId && l.DeletedAt == null, ct)
            ?? throw WorkflowException.NotFound(CoreText.Get("List.Gone"));
        if (list.Version != expectedVersion)
            throw WorkflowException.Conflict(RaceMessage);
        return list;
    }

    /// <summary>Checks the draft and copies it onto <paramref name="list"/>; every problem is one the administrator can fix.</summary>
    private async Task ApplyDraftAsync(StandingsDbContext db, Actor actor, StandingsList list, ListDraft draft, bool isNew, CancellationToken ct)
    {
        var name = FreeText.Clean(draft.Name) ?? throw WorkflowException.Invalid(CoreText.Get("Lists.GiveName"));
        if (name.Length > StandingsList.NameLength)
            throw WorkflowException.Invalid(CoreText.Format("Lists.NameTooLong", StandingsList.NameLength));
        var label = FreeText.Clean(draft.LabelName) ?? throw WorkflowException.Invalid(CoreText.Get("Lists.GiveLabel"));
        if (label.Length > StandingsList.LabelLength)
            throw WorkflowException.Invalid(CoreText.Format("Lists.LabelTooLong", StandingsList.LabelLength, label, label.Length));
        if (draft.Priority is < MinPriority or > MaxPriority)
            throw WorkflowException.Invalid(CoreText.Format("Lists.Priority", MinPriority, MaxPriority));
        if (StandingScale.Problem(draft.DefaultStanding) is { } standingProblem)
            throw WorkflowException.Invalid(CoreText.Format("Lists.DefaultStanding", standingProblem));
        var states = draft.AudienceStates & (ListAudienceStates.Member | ListAudienceStates.Blue | ListAudienceStates.Guest);
        if (states == ListAudienceStates.None)
            throw WorkflowException.Invalid(CoreText.Get("Lists.NoAudience"));

        var others = await db.Lists.AsNoTracking().Where(l => l.DeletedAt == null && l.Id != list.Id).Select(l => new { l.Name, l.LabelName }).ToListAsync(ct);
        if (others.Any(o => string.Equals(o.Name.Trim(), name, StringComparison.OrdinalIgnoreCase)))
            throw WorkflowException.Invalid(CoreText.Format("Lists.NameTaken", name));
        if (others.Any(o => string.Equals(o.LabelName.Trim(), label, StringComparison.OrdinalIgnoreCase)))
            throw WorkflowException.Invalid(CoreText.Format("Lists.LabelTaken", label));

        var corporations = await ResolveAudienceAsync(db, draft.AudienceCorporations, EntityType.Corporation, ct);
        var alliances = await ResolveAudienceAsync(db, draft.AudienceAlliances, EntityType.Alliance, ct);

        list.Name = name;
        list.LabelName = label;
        list.Priority = draft.Priority;
        list.DefaultStanding = draft.DefaultStanding;
        list.AudienceStates = states;
        list.AudienceCorporationIds = ListAudience.FormatIds(corporations);
        list.AudienceAllianceIds = ListAudience.FormatIds(alliances);
        if (list.Source == ListSource.WarTargets)
            list.IncludePendingWars = draft.IncludePendingWars;
        if (list.Source == ListSource.InGameContacts)
            await ApplyMirrorAsync(db, actor, list, draft, isNew, ct);
    }

    private static async Task ApplyMirrorAsync(StandingsDbContext db, Actor actor, StandingsList list, ListDraft draft, bool isNew, CancellationToken ct)
    {
        if (draft.MirrorMinimumStanding is { } minimum && StandingScale.Problem(minimum) is { } problem)
            throw WorkflowException.Invalid(CoreText.Format("Lists.MinimumStanding", problem));
        var ownerType = draft.MirrorOwner == ContactListOwner.Alliance ? EntityType.Alliance : EntityType.Corporation;
        var readerChanged = isNew || draft.MirrorCharacterId != list.MirrorCharacterId || ownerType != list.MirrorOwnerType;
        if (readerChanged)
        {
            var characterId = draft.MirrorCharacterId ?? throw WorkflowException.Invalid(CoreText.Get("Lists.Mirror.ChooseCharacter"));
            var character = await db.Characters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == characterId && c.AccountId == actor.AccountId, ct)
                ?? throw WorkflowException.Invalid(CoreText.Get("Lists.Mirror.OwnCharacter"));
            var noun = draft.MirrorOwner == ContactListOwner.Alliance ? "alliance" : "corporation";
            var orgId = OrgContactsImport.OrganisationOf(character, draft.MirrorOwner)
                ?? throw WorkflowException.Invalid(draft.MirrorOwner == ContactListOwner.Alliance
                    ? CoreText.Format("Lists.Mirror.NoAlliance", character.Name)
                    : CoreText.Format("Lists.Mirror.NoCorporation", character.Name));
            var scope = OrgContactsImport.ScopeFor(draft.MirrorOwner);
            var grant = await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.CharacterId == characterId, ct);
            if (!GrantCheck.Of(grant, [scope]).Ok)
                throw WorkflowException.Invalid(CoreText.Format("Lists.Mirror.NotGranted", character.Name, scope));
            var orgName = await db.EveEntities.AsNoTracking().Where(e => e.Id == orgId).Select(e => e.Name).SingleOrDefaultAsync(ct);
            list.MirrorCharacterId = characterId;
            list.MirrorOwnerType = ownerType;
            list.MirrorOwnerId = orgId;
            list.MirrorOwnerName = orgName ?? $"{noun} {orgId.ToString(CultureInfo.InvariantCulture)}";
            // A new reader asks afresh: ESI caches per character, and another owner's list has nothing in common with the last one read.
            list.SourceETag = null;
            list.SourceExpiresAt = null;
        }
        if (draft.MirrorMinimumStanding != list.MirrorMinimumStanding)
        {
            list.MirrorMinimumStanding = draft.MirrorMinimumStanding;
            // The next read must bring the whole list again to apply the new threshold, not a 304.
            list.SourceETag = null;
        }
    }

    /// <summary>Names or ids (commas or new lines between them) resolved to ids of EVE entities of <paramref name="type"/>.</summary>
    private async Task<IReadOnlyList<long>> ResolveAudienceAsync(StandingsDbContext db, string? text, EntityType type, CancellationToken ct)
    {
        var parts = (text ?? "").Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
            return [];
        var ids = new List<long>();
        var names = new List<string>();
        foreach (var part in parts)
        {
            if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                if (id <= 0)
                    throw WorkflowException.Invalid(type == EntityType.Alliance
                        ? CoreText.Format("Lists.Audience.BadAllianceId", part)
                        : CoreText.Format("Lists.Audience.BadCorporationId", part));
                ids.Add(id);
            }
            else
            {
                names.Add(part);
            }
        }
        ImportLookups lookups;
        try
        {
            lookups = await new EntityLookup(esi).LookUpAsync(db, [.. ids.Distinct()], [.. names.Distinct(StringComparer.OrdinalIgnoreCase)], LookupRetry.SaveAgain, ct);
        }
        catch (EsiException)
        {
            throw WorkflowException.Invalid(type == EntityType.Alliance
                ? CoreText.Get("Lists.Audience.AlliancesUnavailable")
                : CoreText.Get("Lists.Audience.CorporationsUnavailable"));
        }
        var category = type == EntityType.Alliance ? "alliance" : "corporation";
        var result = new List<long>();
        foreach (var id in ids)
        {
            if (lookups.Unchecked.Contains(id))
                throw WorkflowException.Invalid(CoreText.Format("Lists.Audience.Unchecked", id));
            if (!lookups.ById.TryGetValue(id, out var known) || known.Category != category)
                throw WorkflowException.Invalid(type == EntityType.Alliance
                    ? CoreText.Format("Lists.Audience.NotAllianceId", id)
                    : CoreText.Format("Lists.Audience.NotCorporationId", id));
            result.Add(id);
        }
        foreach (var name in names)
        {
            var match = lookups.ByName.TryGetValue(name, out var found) ? found.Where(e => e.Category == category).ToList() : [];
            if (match.Count == 0)
                throw WorkflowException.Invalid(type == EntityType.Alliance
                    ? CoreText.Format("Lists.Audience.UnknownAlliance", name)
                    : CoreText.Format("Lists.Audience.UnknownCorporation", name));
            result.Add(match[0].Id);
        }
        return result;
    }

    /// <summary>The list's settings in words, for the audit log; edits show the parts that changed.</summary>
    /// <summary>One setting of a list as audit rows name it ("priority") with its value, each said in any language.</summary>
    private sealed record Setting(string Key, Phrase Value);

    /// <summary>The list's settings now: values are taken at once, so a copy made before an edit stays as it was.</summary>
    private static List<Setting> Settings(StandingsList l)
    {
        var settings = new List<Setting>
        {
            new("Record.List.Name", Phrase.AsWritten(l.Name)),
            new("Record.List.Label", Phrase.AsWritten(l.LabelName)),
            new("Record.List.Source", RecordText.Said(l.Source switch
            {
                ListSource.InGameContacts => "Record.List.Source.InGame",
                ListSource.WarTargets => "Record.List.Source.WarTargets",
                _ => "Record.List.Source.Requests",
            })),
            new("Record.List.Audience", AuditAudience(l)),
            new("Record.List.Priority", Phrase.AsWritten(l.Priority.ToString(CultureInfo.InvariantCulture))),
            new("Record.List.Standing", RecordText.Standing(l.DefaultStanding)),
        };
        if (l.Source == ListSource.InGameContacts)
        {
            settings.Add(new("Record.List.Follows", RecordText.Said("Record.List.FollowsValue", l.MirrorOwnerName,
                RecordText.Said(l.MirrorOwnerType == EntityType.Corporation ? "Record.List.Corporation" : "Record.List.Alliance"),
                l.MirrorCharacterId?.ToString(CultureInfo.InvariantCulture))));
            settings.Add(new("Record.List.Minimum", l.MirrorMinimumStanding is { } m ? RecordText.Standing(m) : RecordText.Said("Record.List.NoMinimum")));
        }
        if (l.Source == ListSource.WarTargets)
            settings.Add(new("Record.List.PendingWars", RecordText.Said(l.IncludePendingWars ? "Record.List.PendingWars.Included" : "Record.List.PendingWars.LeftOut")));
        return settings;
    }

    private static Phrase Describe(List<Setting> settings) =>
        new(() => string.Join("; ", settings.Select(s => RecordText.Format("Record.List.Setting", RecordText.Get(s.Key), s.Value.Render()))));

    /// <summary>The settings that differ (compared in English, as stored), each with its old and new value.</summary>
    private static Phrase Changes(List<Setting> before, List<Setting> after)
    {
        var changed = after.Where(a => before.Find(b => b.Key == a.Key) is not { } b || b.Value.In(NotificationText.Stored) != a.Value.In(NotificationText.Stored)).ToList();
        if (changed.Count == 0)
            return RecordText.Said("Record.List.Unchanged");
        return new(() => string.Join("; ", changed.Select(a => before.Find(b => b.Key == a.Key) is { } b
            ? RecordText.Format("Record.List.SettingChanged", RecordText.Get(a.Key), b.Value.Render(), a.Value.Render())
            : RecordText.Format("Record.List.Setting", RecordText.Get(a.Key), a.Value.Render()))));
    }

    /// <summary>Who receives the list, as the Lists page shows it, in the reader's language.</summary>
    public static string AudienceText(StandingsList l)
    {
        ArgumentNullException.ThrowIfNull(l);
        var states = string.Join(", ", AudienceStates(l).Select(s => s switch
        {
            ListAudienceStates.Member => CoreText.Get("AccessState.Member"),
            ListAudienceStates.Blue => CoreText.Get("AccessState.Blue"),
            _ => CoreText.Get("AccessState.Guest"),
        }));
        return (l.AudienceCorporationIds, l.AudienceAllianceIds) switch
        {
            ({ Length: > 0 } corporations, { Length: > 0 } alliances) => CoreText.Format("Lists.Audience.InCorporationsOrAlliances", states, corporations, alliances),
            ({ Length: > 0 } corporations, _) => CoreText.Format("Lists.Audience.InCorporations", states, corporations),
            (_, { Length: > 0 } alliances) => CoreText.Format("Lists.Audience.InAlliances", states, alliances),
            _ => states,
        };
    }

    private static IEnumerable<ListAudienceStates> AudienceStates(StandingsList l) =>
        new[] { ListAudienceStates.Member, ListAudienceStates.Blue, ListAudienceStates.Guest }.Where(s => l.AudienceStates.HasFlag(s));

    private static Phrase AuditAudience(StandingsList l)
    {
        var states = AudienceStates(l).ToList();
        var (corporations, alliances) = (l.AudienceCorporationIds, l.AudienceAllianceIds);
        return new(() =>
        {
            var words = string.Join(", ", states.Select(s => s switch
            {
                ListAudienceStates.Member => CoreText.Get("AccessState.Member"),
                ListAudienceStates.Blue => CoreText.Get("AccessState.Blue"),
                _ => CoreText.Get("AccessState.Guest"),
            }));
            var narrowed = new List<string>();
            if (!string.IsNullOrEmpty(corporations))
                narrowed.Add(RecordText.Format("Record.List.Audience.Corporations", corporations));
            if (!string.IsNullOrEmpty(alliances))
                narrowed.Add(RecordText.Format("Record.List.Audience.Alliances", alliances));
            return narrowed.Count switch
            {
                0 => words,
                1 => RecordText.Format("Record.List.Audience.In", words, narrowed[0]),
                _ => RecordText.Format("Record.List.Audience.In", words, RecordText.Format("Record.List.Audience.Or", narrowed[0], narrowed[1])),
            };
        });
    }

    private static string Changes(string before, string after)
    {
        var old = before.Split("; ");
        var changed = after.Split("; ").Where((part, i) => i >= old.Length || old[i] != part)
            .Select(part => old.FirstOrDefault(o => o.Split(": ")[0] == part.Split(": ")[0]) is { } was ? $"{was} → {part[(part.IndexOf(": ", StringComparison.Ordinal) + 2)..]}" : part);
        var text = string.Join("; ", changed);
        return text.Length == 0 ? "Saved without changes to its settings." : text;
    }

    private static Phrase Counted(string key, int n) => new(() => RecordText.Plural(key, n));
}
