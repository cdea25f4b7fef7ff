using System.Text;
using StandingsManager.Core;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Standings;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Standings;

/// <summary>The CSV format on its own: what the export writes, what the reader accepts and refuses, and each line's problems.</summary>
public sealed class StandingsCsvTests
{
    private static MemoryStream Text(string csv) => new(Encoding.UTF8.GetBytes(csv));

    private static Task<CsvFile> ReadAsync(string csv) => StandingsCsv.ReadAsync(Text(csv), Ct);

    [Fact]
    public async Task An_export_reads_back_as_the_same_values()
    {
        var entries = new[]
        {
            new StandingsEntry { EntityId = 98_000_002, EntityType = EntityType.Corporation, EntityName = "Blue, \"Friends\" Corp", Standing = -7.5,
                Notes = "-war target, since \"then\"\nsecond line", AddedByName = "Ada", AddedAt = Start, ExpiresAt = new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero) },
            new StandingsEntry { EntityId = 90_000_006, EntityType = EntityType.Character, EntityName = "Bea Blue", Standing = 10, AddedByName = "Ada", AddedAt = Start },
        };
        using var output = new MemoryStream();

        await StandingsCsv.WriteAsync(entries, output, Ct);
        var text = Encoding.UTF8.GetString(output.ToArray());
        var file = await StandingsCsv.ReadAsync(new MemoryStream(output.ToArray()), Ct);

        Assert.StartsWith("id,type,name,standing,notes,expires_at,added_by,added_at\r\n", text, StringComparison.Ordinal);
        Assert.Contains("'-war target", text, StringComparison.Ordinal); // a spreadsheet would run it as a formula otherwise
        Assert.True(file.HasNotes);
        Assert.True(file.HasExpiry);
        Assert.Equal(2, file.Lines.Count);
        var first = StandingsCsv.Parse(file.Lines[0], Start);
        Assert.Null(first.Problem);
        Assert.Equal((98_000_002L, EntityType.Corporation, "Blue, \"Friends\" Corp", -7.5), (first.Id!.Value, first.Type!.Value, first.Name!, first.Standing!.Value));
        Assert.Equal("-war target, since \"then\"\nsecond line", first.Notes);
        Assert.Equal(entries[0].ExpiresAt, first.ExpiresAt);
        var second = StandingsCsv.Parse(file.Lines[1], Start);
        Assert.Equal((90_000_006L, EntityType.Character, 10.0, (string?)null, (DateTimeOffset?)null), (second.Id!.Value, second.Type!.Value, second.Standing!.Value, second.Notes, second.ExpiresAt));
        // The second record starts on line 4: the header, then a record whose notes span two lines.
        Assert.Equal([2, 4], file.Lines.Select(l => l.Line));
    }

    [Fact]
    public async Task Line_numbers_count_the_header_and_blank_lines()
    {
        var file = await ReadAsync("name,type,standing\n\nPete Pirate,character,-10\n\n\nBob Blue,character,5\n");

        Assert.Equal([3, 6], file.Lines.Select(l => l.Line));
        Assert.False(file.HasNotes);
        Assert.False(file.HasExpiry);
    }

    [Theory]
    [InlineData("id,name,standing")]
    [InlineData("id,type,name")]
    [InlineData("type,standing,notes")]
    public async Task A_header_without_the_needed_columns_is_refused(string header)
    {
        var ex = await Assert.ThrowsAsync<WorkflowException>(() => ReadAsync(header + "\n1,2,3\n"));

        Assert.Equal(WorkflowError.Invalid, ex.Error);
        Assert.Contains("at least type, standing, and id or name", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"found: {header.Replace(",", ", ", StringComparison.Ordinal)}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_thousand_rows_are_read_and_one_more_is_refused()
    {
        static string Rows(int n) => "id,type,standing\n" + string.Concat(Enumerable.Range(1, n).Select(i => $"{90_000_000 + i},character,5\n"));

        Assert.Equal(StandingsCsv.MaxRows, (await ReadAsync(Rows(StandingsCsv.MaxRows))).Lines.Count);
        var ex = await Assert.ThrowsAsync<WorkflowException>(() => ReadAsync(Rows(StandingsCsv.MaxRows + 1)));
        Assert.Equal("The file has more than 10,000 rows. Split it into smaller files.", ex.Message);
    }

    [Fact]
    public async Task A_file_over_5_MB_is_refused_while_it_is_read_not_after()
    {
        // 50 MB of valid rows (about 55,000 of them), made as they are read: reading it whole first would take ten times the limit.
        var endless = new GeneratedCsvStream(50 * 1024 * 1024);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => StandingsCsv.ReadAsync(endless, Ct));

        Assert.Equal("The file is over 5 MB. Split it into smaller files.", ex.Message);
        Assert.InRange(endless.Position, StandingsCsv.MaxBytes + 1, StandingsCsv.MaxBytes + 1024 * 1024);
    }

    [Theory]
    [InlineData("abc", "character", "5", "", "'abc' is not an EVE id: ids are whole positive numbers.")]
    [InlineData("-4", "character", "5", "", "'-4' is not an EVE id: ids are whole positive numbers.")]
    [InlineData("", "character", "5", "", "Give an id or a name.")]
    [InlineData("1001", "faction", "5", "", "'faction' is not a type: write character, corporation or alliance.")]
    [InlineData("1001", "", "5", "", "'' is not a type: write character, corporation or alliance.")]
    [InlineData("1001", "character", "11", "", "A standing must be between -10 and +10; 11 is not.")]
    [InlineData("1001", "character", "-10.5", "", "A standing must be between -10 and +10; -10.5 is not.")]
    [InlineData("1001", "character", "5,5", "", "'5,5' is not a standing: write a number from -10 to 10, such as 5 or -7.5.")]
    [InlineData("1001", "character", "5", "2026-11-24", "The expiry 2026-11-24 is already past.")]
    [InlineData("1001", "character", "5", "next week", "'next week' is not a date: write it as 2027-01-31 (UTC).")]
    public void Each_bad_cell_is_named(string id, string type, string standing, string expiry, string problem)
    {
        var line = StandingsCsv.Parse(new CsvLine(7, id, type, null, standing, null, expiry), Start);

        Assert.Equal(problem, line.Problem);
        Assert.Equal(7, line.Line);
    }

    [Fact]
    public void A_good_line_reads_into_values()
    {
        var line = StandingsCsv.Parse(new CsvLine(2, null, "Corporation", "Blue Friends Corp", "-2.5", "  note ", "2027-01-31T18:30:00+02:00"), Start);

        Assert.Null(line.Problem);
        Assert.Null(line.Id);
        Assert.Equal(EntityType.Corporation, line.Type);
        Assert.Equal("Blue Friends Corp", line.Name);
        Assert.Equal(-2.5, line.Standing);
        Assert.Equal("note", line.Notes);
        Assert.Equal(new DateTimeOffset(2027, 1, 31, 16, 30, 0, TimeSpan.Zero), line.ExpiresAt);
    }

    /// <summary>A header, then rows without end, produced as they are read; <see cref="Position"/> tells how much was.</summary>
    private sealed class GeneratedCsvStream(long length) : Stream
    {
        private static readonly byte[] Header = Encoding.UTF8.GetBytes("id,type,standing,notes\n");
        // Long notes, so the size limit comes long before the row limit.
        private static readonly byte[] Row = Encoding.UTF8.GetBytes($"90000001,character,5,{new string('n', 900)}\n");
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++, _position++)
                buffer[offset + i] = _position < Header.Length ? Header[_position] : Row[(_position - Header.Length) % Row.Length];
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
