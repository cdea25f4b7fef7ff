using Microsoft.EntityFrameworkCore;
using StandingsManager.Tests.TestSupport;
using System.Globalization;
using StandingsManager.Core;
using StandingsManager.Core.Sync;
using StandingsManager.Core.Validation;
using StandingsManager.Tests.Sync;

namespace StandingsManager.Tests.Localization;

/// <summary>
/// Contact sync's and the validator's messages in German and Russian, with EVE's own words (Ansehen, Kontakt-Label;
/// репутация, метка контактов), the game client's menu path, the plural a count takes and "EVE time" kept as it is.
/// </summary>
public sealed class SyncMessagesTests : IDisposable
{
    private const long Pilot = 90_100_001;
    private static CancellationToken Ct => SyncRig.Ct;

    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }

    private static void Speak(string culture) => CoreLanguage.Set(culture);

    [Theory]
    [InlineData("de", "Kontakt-Label „Alliance Standings“ nicht gefunden: Erstellen Sie es im Spiel (Personen & Orte → Kontakte → Label hinzufügen)")]
    [InlineData("ru", "Метка контактов «Alliance Standings» не найдена: создайте её в игре (Люди и места → Контакты → Добавить метку)")]
    public async Task A_missing_label_is_reported_in_the_language_of_the_run_and_kept_in_every_language(string culture, string expected)
    {
        await using var rig = await SyncRig.CreateAsync();
        await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        await rig.AddEntriesAsync((100, 5));
        rig.Esi.Labels.Clear();
        Speak(culture);

        var report = await rig.RunAsync(Pilot);

        Assert.Equal(SyncStatus.Warning, report.Outcome);
        Assert.Equal(expected, report.Message);
        var synced = await rig.SyncedAsync(Pilot);
        Assert.Equal(expected, synced.ShownStatusMessage);
        // Stored in English too, what code compares; an English reader reads that.
        Assert.Equal(EnglishMissingLabel, synced.StatusMessage);
        Speak("en");
        Assert.Equal(EnglishMissingLabel, synced.ShownStatusMessage);
    }

    private const string EnglishMissingLabel =
        "Contact label 'Alliance Standings' not found: create it in game (People & Places → Contacts → Add label)";

    [Theory]
    [InlineData("de", "Kontakt-Label „Alliance Standings“ nicht gefunden: Erstellen Sie es im Spiel (Personen & Orte → Kontakte → Label hinzufügen)")]
    [InlineData("ja", "連絡先ラベル「Alliance Standings」が見つかりません。ゲーム内で作成してください（人物&場所 → 連絡先 → ラベルを追加）")]
    public async Task What_a_background_run_wrote_reads_in_the_members_language(string culture, string expected)
    {
        await using var rig = await SyncRig.CreateAsync();
        await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        await rig.AddEntriesAsync((100, 5));
        rig.Esi.Labels.Clear();
        Speak("en"); // the scheduler's runs have no reader's culture

        await rig.RunAsync(Pilot);

        Speak(culture);
        Assert.Equal(expected, (await rig.SyncedAsync(Pilot)).ShownStatusMessage);
        await using var db = rig.Database.CreateDbContext();
        var run = SyncRunRow.From(await db.SyncRuns.SingleAsync(r => r.CharacterId == Pilot, Ct));
        Assert.Equal(expected, run.Message);
    }

    [Theory]
    [InlineData("de", "Eine Synchronisierung würde Kontakte ändern: 1 hinzufügen, 0 aktualisieren, 0 entfernen.")]
    [InlineData("ru", "Синхронизация изменит контакты: добавит 1, обновит 0, удалит 0.")]
    public async Task A_preview_says_what_a_sync_would_change(string culture, string expected)
    {
        await using var rig = await SyncRig.CreateAsync();
        await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        await rig.AddEntriesAsync((100, 5));
        Speak(culture);

        var report = await rig.RunAsync(Pilot, SyncMode.DryRun);

        Assert.Equal(expected, report.Message);
    }

    [Theory]
    [InlineData("de", "Sie können diesen Charakter um {0:HH:mm:ss} EVE time erneut synchronisieren.")]
    [InlineData("ru", "Этого персонажа можно снова синхронизировать в {0:HH:mm:ss} EVE time.")]
    public async Task A_second_sync_now_within_the_minute_is_refused_with_the_eve_time_to_come_back(string culture, string expected)
    {
        await using var rig = await SyncRig.CreateAsync();
        var account = await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        Speak(culture);
        await rig.Commands.SyncNowAsync(account, Pilot, Ct);

        var refusal = await Assert.ThrowsAsync<WorkflowException>(() => rig.Commands.SyncNowAsync(account, Pilot, Ct));

        Assert.Equal(string.Format(CultureInfo.CurrentCulture, expected, rig.Database.Time.GetUtcNow() + SyncCommands.ManualSyncInterval), refusal.Message);
    }

    [Theory]
    [InlineData(1, "1 запись не поместилась в лимит EVE в 1024 контакта (Entity 1): удалите личные контакты, чтобы освободить место.")]
    [InlineData(3, "3 записи не поместились в лимит EVE в 1024 контакта (Entity 1, Entity 2, Entity 3): удалите личные контакты, чтобы освободить место.")]
    [InlineData(5, "5 записей не поместились в лимит EVE в 1024 контакта (Entity 1, Entity 2, Entity 3, Entity 4, Entity 5): удалите личные контакты, чтобы освободить место.")]
    public void Entries_over_the_contact_cap_are_counted_in_the_russian_plural(int capped, string expected)
    {
        Speak("ru");
        var run = new SyncRunState(Pilot, SyncMode.Sync, DateTimeOffset.UnixEpoch) { Capped = capped };
        run.Changes.AddRange(Enumerable.Range(1, capped).Select(i => new SyncChange(SyncChangeKind.Capped, i, null, $"Entity {i}")));

        var (status, message) = SyncMessages.Summary(run, ["Alliance Standings"]);

        Assert.Equal(SyncStatus.Warning, status);
        Assert.Equal(expected, message);
    }

    [Theory]
    [InlineData("en", "In line with the standings list ('War Targets', 'Coalition Blues'): 3 added, 0 updated, 0 removed.")]
    [InlineData("de", "Stimmt mit der Ansehensliste überein („War Targets“, „Coalition Blues“): 3 hinzugefügt, 0 aktualisiert, 0 entfernt.")]
    public void Several_lists_in_line_are_each_quoted_the_languages_way(string culture, string expected)
    {
        var run = new SyncRunState(Pilot, SyncMode.Sync, DateTimeOffset.UnixEpoch) { Added = 3 };

        var (_, message) = SyncMessages.Summary(run, ["War Targets", "Coalition Blues"]);

        Assert.Equal(expected, message.In(System.Globalization.CultureInfo.GetCultureInfo(culture)));
    }

    [Fact]
    public void A_clean_run_reads_in_line_with_the_standings_list()
    {
        Speak("de");
        var run = new SyncRunState(Pilot, SyncMode.Sync, DateTimeOffset.UnixEpoch) { Added = 2, Updated = 1 };

        Assert.Equal((SyncStatus.Ok, "Stimmt mit der Ansehensliste überein („Alliance Standings“): 2 hinzugefügt, 1 aktualisiert, 0 entfernt."),
            SyncMessages.Summary(run, ["Alliance Standings"]));
    }

    [Theory]
    [InlineData("de", 1, "Der Antragsteller deckt 1 von 1 Mitglied von Home Corp ab.")]
    [InlineData("de", 5, "Der Antragsteller deckt 1 von 5 Mitgliedern von Home Corp ab.")]
    [InlineData("ru", 21, "Заявитель охватывает 1 из 21 участника корпорации Home Corp.")]
    [InlineData("ru", 5, "Заявитель охватывает 1 из 5 участников корпорации Home Corp.")]
    public void The_validator_counts_a_corporations_members_in_the_languages_plural(string culture, int members, string expected)
    {
        Speak(culture);

        Assert.Equal(expected, ValidatorText.Plural("Basis.CoverageLost", members, 1, "Home Corp"));
    }

    [Theory]
    [InlineData("de", "Der Eintrag ist am 31.01.2027 18:30 UTC abgelaufen.")]
    [InlineData("ru", "Срок записи истёк 31.01.2027 18:30 UTC.")]
    public void An_expired_entry_gives_its_date_in_the_culture_and_its_time_in_utc(string culture, string expected)
    {
        Speak(culture);

        Assert.Equal(expected, ValidatorText.Format("Basis.Expired", new DateTimeOffset(2027, 1, 31, 18, 30, 0, TimeSpan.Zero)));
    }
}
