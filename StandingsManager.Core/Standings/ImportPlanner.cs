using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Requests;

namespace StandingsManager.Core.Standings;

public enum ImportAction
{
    Add,
    Update,
    Unchanged,
    Error,
}

/// <summary>
/// One line of an import as it would be applied. <see cref="Message"/> is what is wrong (errors) or what changes
/// (updates); an update carries the entry's id and the version the preview saw.
/// </summary>
public sealed record ImportRow(int Line, ImportAction Action, long? EntityId, EntityType? Type, string? Name, double? Standing,
    string? Notes, DateTimeOffset? ExpiresAt, string? Message, int? EntryId = null, int? ExpectedVersion = null)
{
    /// <summary>An update's changes in any language, for the audit row; <see cref="Message"/> is them in the reader's.</summary>
    public Localization.Phrase? Changes { get; init; }
}

/// <summary>
/// What an import would do to list <see cref="ListId"/>; <see cref="Source"/> names where its lines came from, for the
/// audit log ("Imported from …").
/// </summary>
public sealed record ImportPreview(IReadOnlyList<ImportRow> Rows, string Source = ImportPreview.CsvSource)
{
    public const string CsvSource = "CSV";

    /// <summary>Where the lines came from, said in any language: a CSV file, or an organisation's in-game contacts.</summary>
    public Localization.Phrase? SourceSaid { get; init; }

    /// <summary>The list the preview was planned against, and the only one it can be applied to.</summary>
    public int ListId { get; init; } = Lists.StandingsList.FirstListId;

    public int Count(ImportAction action) => Rows.Count(r => r.Action == action);
    public IEnumerable<ImportRow> Errors => Rows.Where(r => r.Action == ImportAction.Error);
    public bool CanApply => Rows.Any(r => r.Action is ImportAction.Add or ImportAction.Update) && !Errors.Any();
}

/// <summary>What EVE (or the app's cache of it) says an id is; <see cref="Category"/> is ESI's, such as "corporation" or "faction".</summary>
public sealed record KnownEntity(long Id, string Name, string Category);

/// <summary>What the look-ups found: ids by id, names by name (ignoring case), and ids that could not be checked.</summary>
public sealed record ImportLookups(
    IReadOnlyDictionary<long, KnownEntity> ById,
    IReadOnlyDictionary<string, IReadOnlyList<KnownEntity>> ByName,
    IReadOnlySet<long> Unchecked);

/// <summary>Decides what each line of an import does, from the parsed lines, the look-ups and the current list. No I/O.</summary>
public static class ImportPlanner
{
    public static bool IsNpcCorporation(long id) => CorporationCoverage.IsNpcCorporation(id);

    public static ImportPreview Plan(CsvFile file, IReadOnlyList<ParsedLine> lines, ImportLookups lookups, IReadOnlyDictionary<long, StandingsEntry> existing)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(lookups);
        ArgumentNullException.ThrowIfNull(existing);
        var firstLineOf = new Dictionary<long, int>();
        var rows = new List<ImportRow>(lines.Count);
        foreach (var line in lines)
        {
            if (line.Problem is not null)
            {
                rows.Add(Error(line, line.Problem));
                continue;
            }
            var (entity, problem) = Resolve(line.Id, line.Name, line.Type!.Value, lookups);
            if (entity is null)
            {
                rows.Add(Error(line, problem!));
                continue;
            }
            if (!firstLineOf.TryAdd(entity.Id, line.Line))
            {
                rows.Add(Error(line, CoreText.Format("Import.DuplicateLine", entity.Name, entity.Id, firstLineOf[entity.Id])));
                continue;
            }
            rows.Add(existing.TryGetValue(entity.Id, out var entry) ? Compare(file, line, entity, entry) : Add(file, line, entity));
        }
        return new ImportPreview(rows);
    }

    /// <summary>
    /// What EVE says an id (or, without one, an exact name) of the given type is, or why it cannot be on the list:
    /// unknown, unchecked, an NPC corporation, or of another type than given. Shared by the import and entries added by hand.
    /// </summary>
    internal static (KnownEntity? Entity, string? Problem) Resolve(long? lineId, string? lineName, EntityType lineType, ImportLookups lookups)
    {
        var type = StandingsCsv.TypeName(lineType);
        KnownEntity? entity;
        if (lineId is { } id)
        {
            if (IsNpcCorporation(id))
                return (null, NpcProblem(id));
            if (lookups.Unchecked.Contains(id))
                return (null, CoreText.Format("Import.Unchecked", id));
            if (!lookups.ById.TryGetValue(id, out entity))
                return (null, CoreText.Format("Entity.UnknownId", id));
        }
        else
        {
            var candidates = lookups.ByName.GetValueOrDefault(lineName!) ?? [];
            entity = candidates.FirstOrDefault(c => c.Category == type);
            if (entity is null)
                return (null, candidates.Count == 0
                    ? EntityWords.UnknownName(lineType, lineName!)
                    : CoreText.Format("Entity.OtherKindByName", lineName, EntityWords.WithArticle(candidates[0].Category), EntityWords.WithArticle(type)));
            if (IsNpcCorporation(entity.Id))
                return (null, NpcProblem(entity.Id));
        }
        if (entity.Category != type)
            return (null, CoreText.Format("Entity.OtherKindById", entity.Id, entity.Name, EntityWords.WithArticle(entity.Category), EntityWords.WithArticle(type)));
        return (entity, null);
    }

    internal static string NpcProblem(long id) => CoreText.Format("Entity.Npc", id);

    private static ImportRow Error(ParsedLine line, string problem) =>
        new(line.Line, ImportAction.Error, line.Id, line.Type, line.Name, line.Standing, line.Notes, line.ExpiresAt, problem);

    private static ImportRow Add(CsvFile file, ParsedLine line, KnownEntity entity) =>
        new(line.Line, ImportAction.Add, entity.Id, line.Type, entity.Name, line.Standing, line.Notes, file.HasExpiry ? line.ExpiresAt : null, null);

    private static ImportRow Compare(CsvFile file, ParsedLine line, KnownEntity entity, StandingsEntry entry)
    {
        var standing = line.Standing!.Value;
        var notes = file.HasNotes ? line.Notes : entry.Notes;
        var expiresAt = file.HasExpiry ? line.ExpiresAt : entry.ExpiresAt;
        var changes = new List<Localization.Phrase>();
        if (standing != entry.Standing)
            changes.Add(RecordText.Said("Import.Change.Standing", RecordText.Standing(entry.Standing), RecordText.Standing(standing)));
        if (notes != entry.Notes)
            changes.Add(RecordText.Said(notes is null ? "Import.Change.NotesCleared" : "Import.Change.NotesChanged"));
        if (expiresAt != entry.ExpiresAt)
            changes.Add(RecordText.Said("Import.Change.Expiry", RecordText.Expiry(entry.ExpiresAt), RecordText.Expiry(expiresAt)));
        var said = changes.Count == 0 ? null : new Localization.Phrase(() => string.Join("; ", changes.Select(c => c.Render())));
        return new ImportRow(line.Line, changes.Count == 0 ? ImportAction.Unchanged : ImportAction.Update, entity.Id, line.Type, entity.Name,
            standing, notes, expiresAt, said?.Render(), entry.Id, entry.Version) { Changes = said };
    }
}
