using System.Text;
using StandingsManager.Core;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Standings;
using StandingsManager.Tests.TestSupport;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Standings;

/// <summary>
/// The CSV's column names follow the reader's language on export; the import takes the English names always and the
/// current language's too, while the values (types, dates, decimal points) stay the same in every language.
/// </summary>
public sealed class StandingsCsvLanguageTests
{
    private static MemoryStream Text(string csv) => new(Encoding.UTF8.GetBytes(csv));

    private static readonly StandingsEntry[] Entries =
    [
        new() { EntityId = 98_000_002, EntityType = EntityType.Corporation, EntityName = "Blue Friends Corp", Standing = -7.5, Notes = "war target",
            AddedByName = "Ada", AddedAt = Start, ExpiresAt = new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero) },
    ];

    [Theory]
    [InlineData("de", "id,typ,name,ansehen,notizen,läuft_ab,hinzugefügt_von,hinzugefügt_am\r\n")]
    [InlineData("ru", "id,тип,имя,репутация,заметки,истекает,добавил,добавлено\r\n")]
    public async Task An_export_names_its_columns_in_the_readers_language_and_reads_back_in_it(string culture, string header)
    {
        using var _ = CoreLanguage.Speak(culture);
        using var output = new MemoryStream();

        await StandingsCsv.WriteAsync(Entries, output, Ct);
        var text = Encoding.UTF8.GetString(output.ToArray());
        var file = await StandingsCsv.ReadAsync(new MemoryStream(output.ToArray()), Ct);

        Assert.StartsWith(header, text, StringComparison.Ordinal);
        // The values are the CSV's own in every language: an English type, a decimal point, an ISO date.
        Assert.Contains("98000002,corporation,Blue Friends Corp,-7.5,war target,2027-01-31T00:00:00Z,Ada,", text, StringComparison.Ordinal);
        var line = StandingsCsv.Parse(Assert.Single(file.Lines), Start);
        Assert.Null(line.Problem);
        Assert.Equal((98_000_002L, EntityType.Corporation, -7.5, "war target", Entries[0].ExpiresAt), (line.Id!.Value, line.Type!.Value, line.Standing!.Value, line.Notes, line.ExpiresAt));
    }

    [Fact]
    public async Task A_German_header_imports_in_German()
    {
        using var _ = CoreLanguage.Speak("de");

        var file = await StandingsCsv.ReadAsync(Text("Name,Typ,Ansehen,Notizen\nBob Blue,character,5,friend\n"), Ct);

        var line = StandingsCsv.Parse(Assert.Single(file.Lines), Start);
        Assert.True(file.HasNotes);
        Assert.Equal(("Bob Blue", EntityType.Character, 5.0, "friend"), (line.Name!, line.Type!.Value, line.Standing!.Value, line.Notes!));
    }

    [Fact]
    public async Task An_English_header_imports_in_every_language()
    {
        foreach (var culture in new[] { "de", "ru", "ja" })
        {
            using var _ = CoreLanguage.Speak(culture);

            var file = await StandingsCsv.ReadAsync(Text("id,type,standing,expires_at\n90000006,character,-10,2027-01-31\n"), Ct);

            var line = StandingsCsv.Parse(Assert.Single(file.Lines), Start);
            Assert.True(file.HasExpiry);
            Assert.Equal((90_000_006L, EntityType.Character, -10.0), (line.Id!.Value, line.Type!.Value, line.Standing!.Value));
        }
    }

    [Theory]
    [InlineData("de", "Die erste Zeile muss die Spalten benennen: mindestens typ, ansehen sowie id oder name (gefunden: wer, wie). Exportieren Sie die Liste, um das Format zu sehen.")]
    [InlineData("ru", "Первая строка должна называть столбцы: как минимум тип, репутация, а также id или имя (найдено: wer, wie). Экспортируйте список, чтобы увидеть формат.")]
    public async Task An_unknown_header_is_refused_with_the_columns_in_the_readers_language(string culture, string expected)
    {
        using var _ = CoreLanguage.Speak(culture);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => StandingsCsv.ReadAsync(Text("wer,wie\n1,2\n"), Ct));

        Assert.Equal(WorkflowError.Invalid, ex.Error);
        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public async Task A_header_in_another_language_than_the_readers_is_refused()
    {
        // The import reads English and the reader's language, not every language: a Russian file is not German.
        using var _ = CoreLanguage.Speak("de");

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => StandingsCsv.ReadAsync(Text("тип,репутация,имя\ncharacter,5,Bob\n"), Ct));

        Assert.StartsWith("Die erste Zeile muss die Spalten benennen", ex.Message, StringComparison.Ordinal);
    }
}
