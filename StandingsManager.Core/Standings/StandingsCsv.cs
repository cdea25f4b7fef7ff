using System.Globalization;
using CsvHelper;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Standings;

/// <summary>One data line of an uploaded file, as typed: nothing is trusted yet.</summary>
public sealed record CsvLine(int Line, string? Id, string? Type, string? Name, string? Standing, string? Notes, string? ExpiresAt);

/// <summary>
/// The lines of an uploaded file. A file without a notes or expiry column leaves those of existing entries alone;
/// with the column, an empty cell clears them.
/// </summary>
public sealed record CsvFile(IReadOnlyList<CsvLine> Lines, bool HasNotes, bool HasExpiry);

/// <summary>A line read into values, with the first thing wrong with it; resolution against EVE comes later.</summary>
public sealed record ParsedLine(int Line, long? Id, EntityType? Type, string? Name, double? Standing, string? Notes, DateTimeOffset? ExpiresAt, string? Problem);

/// <summary>The CSV format of the standings list: one format for export and import, so an export can be edited and imported again.</summary>
public static class StandingsCsv
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 10_000;

    public const string IdColumn = "id";
    public const string TypeColumn = "type";
    public const string NameColumn = "name";
    public const string StandingColumn = "standing";
    public const string NotesColumn = "notes";
    public const string ExpiresColumn = "expires_at";

    /// <summary>Export columns, by their English names; the last two are for readers and are ignored on import.</summary>
    public static readonly string[] Columns = [IdColumn, TypeColumn, NameColumn, StandingColumn, NotesColumn, ExpiresColumn, "added_by", "added_at"];

    /// <summary>
    /// The export's header in the current language (CoreText "Csv.Column.*"), in the order of <see cref="Columns"/>.
    /// The import reads these and the English names, so a file exported in any language imports in any other.
    /// </summary>
    public static string[] LocalColumns() =>
    [
        CoreText.Get("Csv.Column.Id"), CoreText.Get("Csv.Column.Type"), CoreText.Get("Csv.Column.Name"), CoreText.Get("Csv.Column.Standing"),
        CoreText.Get("Csv.Column.Notes"), CoreText.Get("Csv.Column.ExpiresAt"), CoreText.Get("Csv.Column.AddedBy"), CoreText.Get("Csv.Column.AddedAt"),
    ];

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    // Spreadsheets run text that starts with one of these as a formula; the export escapes it with a leading apostrophe.
    private static readonly char[] FormulaStarts = ['=', '@', '+', '-', '\t', '\r'];

    public static async Task WriteAsync(IEnumerable<StandingsEntry> entries, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader(LocalColumns());
        foreach (var e in entries)
        {
            csv.WriteField(e.EntityId, "0");
            csv.WriteField(TypeName(e.EntityType));
            csv.WriteField(e.EntityName);
            csv.WriteField(e.Standing, "0.##");
            csv.WriteField(e.Notes);
            csv.WriteField(e.ExpiresAt?.ToUniversalTime().ToString(TimestampFormat, CultureInfo.InvariantCulture));
            csv.WriteField(e.AddedByName);
            csv.WriteField(e.AddedAt.ToUniversalTime().ToString(TimestampFormat, CultureInfo.InvariantCulture));
            await csv.EndRecordAsync(ct);
        }
        await csv.FlushAsync(ct);
    }

    public static string TypeName(EntityType type) => type.ToString().ToLowerInvariant();

    /// <summary>The list's type for a type name (ESI's category or a CSV cell, any case); null for others, such as "faction".</summary>
    public static EntityType? TypeOf(string? name) => name?.ToLowerInvariant() switch
    {
        "character" => EntityType.Character,
        "corporation" => EntityType.Corporation,
        "alliance" => EntityType.Alliance,
        _ => null,
    };

    /// <summary>
    /// Reads an uploaded file, refusing it (with a message for the user) as soon as it passes <see cref="MaxBytes"/>
    /// or <see cref="MaxRows"/>, or when its header lacks the columns an import needs.
    /// </summary>
    public static async Task<CsvFile> ReadAsync(Stream input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var limited = new SizeLimitedStream(input, MaxBytes);
        await using var csv = CsvReader.Create(limited, new CsvReaderOptions { TrackLineNumbers = true, TrimWhitespace = true }, leaveOpen: true);
        try
        {
            await csv.ReadHeaderAsync(ct);
            var headers = csv.Headers;
            var local = LocalColumns();
            // The English name always, else the current language's (the same column as Columns[position]).
            int? Column(int position) =>
                csv.TryGetFieldIndex(Columns[position], out var index) || csv.TryGetFieldIndex(local[position], out index) ? index : null;
            var (id, type, name, standing, notes, expires) = (Column(0), Column(1), Column(2), Column(3), Column(4), Column(5));
            if (type is null || standing is null || (id is null && name is null))
                throw WorkflowException.Invalid(CoreText.Format("Csv.MissingColumns", local[1], local[3], local[0], local[2],
                    headers.Count == 0 ? CoreText.Get("Csv.NoColumns") : string.Join(", ", headers)));

            var lines = new List<CsvLine>();
            while (await csv.ReadAsync(ct))
            {
                if (lines.Count == MaxRows)
                    throw WorkflowException.Invalid(CoreText.Format("Csv.TooManyRows", MaxRows));
                string? Field(int? index) => index is { } i && i < csv.FieldCount ? Unescape(csv.GetString(i)) : null;
                lines.Add(new CsvLine((int)csv.LineNumber, Field(id), Field(type), Field(name), Field(standing), Field(notes), Field(expires)));
            }
            return new CsvFile(lines, notes is not null, expires is not null);
        }
        catch (CsvFormatException ex)
        {
            throw WorkflowException.Invalid(CoreText.Format("Csv.NotCsv", ex.LineNumber, ex.Message));
        }
    }

    /// <summary>Reads one line's cells into values; <paramref name="now"/> decides whether an expiry is already past.</summary>
    public static ParsedLine Parse(CsvLine line, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(line);
        string? problem = null;
        void Fail(string message) => problem ??= message;

        long? id = null;
        if (!string.IsNullOrEmpty(line.Id))
        {
            if (long.TryParse(line.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
                id = parsed;
            else
                Fail(CoreText.Format("Csv.BadId", line.Id));
        }
        var name = line.Name is { Length: > 0 } n ? n : null;
        if (id is null && name is null && problem is null)
            Fail(CoreText.Get("Csv.NoIdOrName"));
        if (name is { Length: > 100 })
            Fail(CoreText.Format("Entity.NameTooLong", 100));

        var type = TypeOf(line.Type);
        if (type is null)
            Fail(CoreText.Format("Csv.BadType", line.Type));

        double? standing = null;
        if (double.TryParse(line.Standing, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            standing = value;
            if (StandingScale.Problem(value) is { } outOfRange)
                Fail(outOfRange);
        }
        else
            Fail(CoreText.Format("Csv.BadStanding", line.Standing));

        string? notes = null;
        try
        {
            notes = FreeText.Clean(line.Notes);
        }
        catch (WorkflowException ex)
        {
            Fail(ex.Message);
        }

        DateTimeOffset? expiresAt = null;
        if (!string.IsNullOrEmpty(line.ExpiresAt))
        {
            if (DateTimeOffset.TryParse(line.ExpiresAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                expiresAt = at;
                if (at <= now)
                    Fail(CoreText.Format("Csv.ExpiryPast", StandingFormat.FormatExpiry(at)));
            }
            else
                Fail(CoreText.Format("Csv.BadDate", line.ExpiresAt));
        }
        return new ParsedLine(line.Line, id, type, name, standing, notes, expiresAt, problem);
    }

    // Undoes the export's formula escape, so an exported note that starts with "-" comes back as it was.
    private static string? Unescape(string? cell) =>
        cell is { Length: > 1 } && cell[0] == '\'' && FormulaStarts.Contains(cell[1]) ? cell[1..] : cell;

    /// <summary>Refuses a stream once more than its limit has been read, so an oversized upload is never read whole.</summary>
    private sealed class SizeLimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
                throw WorkflowException.Invalid(CoreText.Format("Csv.TooLarge", limit / (1024 * 1024)));
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
