using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Standings;

/// <summary>
/// CSV import into one standings list by administrators (lists written by a source refuse it): upload → preview (every line add, update, unchanged or
/// error) → apply, all or nothing. Ids are checked against the app's own records first and EVE only for the rest;
/// names go to EVE in batches.
/// </summary>
public sealed class StandingsImport(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, EsiClient esi, StandingsEvents events, TimeProvider time)
{
    /// <summary>How many unknown-id look-ups an import spends on ESI's error limit before the rest stay unchecked.</summary>
    public const int MaxFailedIdLookups = EntityLookup.MaxFailedIdLookups;

    private static string StaleMessage => CoreText.Get("Import.Stale");

    public async Task<ImportPreview> PreviewAsync(int listId, int actorAccountId, Stream csv, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Before a byte of the file is read.
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Administrator, () => CoreText.Get("Role.Needed.ImportStandingsList"));
        await ListGuard.EditableAsync(db, listId, ct);
        var file = await StandingsCsv.ReadAsync(csv, ct);
        var now = time.GetUtcNow();
        return await PlanAsync(db, listId, file, [.. file.Lines.Select(l => StandingsCsv.Parse(l, now))], ImportPreview.CsvSource, ct);
    }

    /// <summary>
    /// Resolves parsed lines against the app's records and EVE and plans them: shared by the CSV upload and the import
    /// from the organisation's in-game contacts, against the entries of list <paramref name="listId"/>. The caller has
    /// checked the role and that the list takes imports.
    /// </summary>
    internal async Task<ImportPreview> PlanAsync(StandingsDbContext db, int listId, CsvFile file, IReadOnlyList<ParsedLine> lines, string source, CancellationToken ct)
    {
        var valid = lines.Where(l => l.Problem is null).ToList();

        var ids = valid.Where(l => l.Id is { } id && !ImportPlanner.IsNpcCorporation(id)).Select(l => l.Id!.Value).Distinct().ToList();
        var names = valid.Where(l => l.Id is null).Select(l => l.Name!).ToList();
        var lookups = await new EntityLookup(esi).LookUpAsync(db, ids, names, LookupRetry.UploadAgain, ct);

        var resolved = lookups.ById.Keys.Concat(lookups.ByName.Values.SelectMany(v => v).Select(e => e.Id)).Distinct().ToList();
        var existing = await db.Standings.AsNoTracking().Where(e => e.ListId == listId && resolved.Contains(e.EntityId)).ToDictionaryAsync(e => e.EntityId, ct);
        return ImportPlanner.Plan(file, lines, lookups, existing) with { Source = source, ListId = listId };
    }

    /// <summary>
    /// Applies a preview in one transaction: every add and update, each with its audit row, or nothing when any
    /// line has an error or any entry changed since the preview. Then publishes the change, which makes every synced
    /// character due (<see cref="Sync.SyncDueSoon"/>). Returns how many entries changed.
    /// </summary>
    public async Task<int> ApplyAsync(int actorAccountId, ImportPreview preview, string? reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(preview);
        if (preview.Errors.Any())
            throw WorkflowException.Invalid(CoreText.Get("Import.HasErrors"));
        var changes = preview.Rows.Where(r => r.Action is ImportAction.Add or ImportAction.Update).ToList();
        if (changes.Count == 0)
            throw WorkflowException.Invalid(CoreText.Get("Import.NothingToApply"));
        var why = FreeText.Clean(reason);
        var source = preview.SourceSaid ?? RecordText.Said("Record.Source.Csv");
        var details = why is null ? RecordText.Said("Record.Imported", source) : RecordText.Said("Record.ImportedWhy", source, why);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, () => CoreText.Get("Role.Needed.ImportStandingsList"));
        var listId = preview.ListId;
        await ListGuard.EditableAsync(db, listId, ct);
        var updateIds = changes.Where(r => r.EntryId is not null).Select(r => r.EntryId!.Value).ToList();
        var entries = await db.Standings.Where(e => e.ListId == listId && updateIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var now = time.GetUtcNow();
        foreach (var row in changes)
        {
            var standing = row.Standing ?? throw new InvalidOperationException($"Line {row.Line} has no standing.");
            StandingScale.Require(standing);
            if (row.Action == ImportAction.Add)
            {
                db.Standings.Add(new StandingsEntry
                {
                    ListId = listId,
                    EntityId = row.EntityId!.Value,
                    EntityType = row.Type!.Value,
                    EntityName = row.Name!,
                    Standing = standing,
                    Notes = row.Notes,
                    ExpiresAt = row.ExpiresAt,
                    AddedByAccountId = actor.AccountId,
                    AddedByName = actor.Name,
                    AddedAt = now,
                });
                db.Record(now, AuditAction.EntryAdded, actor, row.EntityId, row.Type, row.Name, standing, row.Notes is null ? details : RecordText.Said("Record.ImportedWithNotes", details, row.Notes), listId);
                continue;
            }
            if (!entries.TryGetValue(row.EntryId!.Value, out var entry) || entry.Version != row.ExpectedVersion)
                throw WorkflowException.Conflict(StaleMessage);
            entry.Standing = standing;
            entry.Notes = row.Notes;
            entry.ExpiresAt = row.ExpiresAt;
            db.Record(now, AuditAction.EntryEdited, actor, entry.EntityId, entry.EntityType, entry.EntityName, standing,
                RecordText.Said("Record.ImportedChange", new Localization.Phrase(() => Capitalise((row.Changes ?? Localization.Phrase.AsWritten(row.Message!)).Render())), details), listId);
        }
        // One SaveChanges is one transaction: a clash on any line (say, someone added the same entity meanwhile) undoes them all.
        await db.SaveStepAsync(StaleMessage, ct);
        await events.PublishAsync(new(StandingsChangeKind.Entries, listId));
        return changes.Count;
    }

    private static string Capitalise(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
