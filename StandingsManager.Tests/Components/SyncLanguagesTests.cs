using System.Globalization;
using System.Text.RegularExpressions;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Components.Pages.Characters;
using StandingsManager.App.Components.Pages.Sync;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Components;

/// <summary>
/// The sync and characters pages in the reader's language: titles, buttons, table headers, counts with their plural
/// forms and times, and numbers written the culture's way; English stays as it was.
/// </summary>
public sealed partial class SyncLanguagesTests : PageTestContext
{
    private const long Ada = 9001;
    private const long Main = 1001;
    private const long Alt = 1002;

    public SyncLanguagesTests()
    {
        Services.AddSingleton<ICharacterSync>(new ScriptedCharacterSync());
    }

    private static void Speak(string culture) => CoreLanguage.Set(culture);

    private static string Text(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, string selector) =>
        Spaces().Replace(cut.Find(selector).TextContent, " ").Trim();

    private static List<string> Headers(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) =>
        [.. cut.FindAll("th").Select(th => th.TextContent.Trim()).Where(t => t.Length > 0)];

    [Theory]
    [InlineData("de", "Kontakt-Label „Test“ nicht gefunden: Erstellen Sie es im Spiel (Personen & Orte → Kontakte → Label hinzufügen)")]
    [InlineData("ru", "Метка контактов «Test» не найдена: создайте её в игре (Люди и места → Контакты → Добавить метку)")]
    public async Task A_status_and_history_a_background_run_wrote_read_in_the_members_language(string culture, string expected)
    {
        var mia = await SeedAccountAsync("Mia Member", Main);
        Speak("en"); // the scheduler writes without a reader's language
        await using (var db = NewDb())
        {
            await db.GrantAsync(Main, Now);
            var synced = await db.EnrolAsync(Main, mia, Now.AddHours(-1));
            synced.SetStatus(SyncStatus.Warning, SyncMessages.LabelNotFound("Test"));
            db.SyncRuns.Add(new SyncRun { CharacterId = Main, StartedAt = Now.AddMinutes(-5), FinishedAt = Now.AddMinutes(-5), Outcome = SyncStatus.Warning }
                .Saying(SyncMessages.LabelNotFound("Test")));
            await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }
        SignIn(mia, "Mia Member");
        Speak(culture);

        var cut = RenderPage<MySyncedCharacters>();

        cut.WaitForAssertion(() => Assert.Equal(expected, Text(cut, $"[data-testid=status-message-{Main}]")));
        cut.ClickWhenShown($"[data-testid=history-{Main}]");
        Assert.Contains(expected, Spaces().Replace(cut.WaitForElement("[data-testid=history-run]").TextContent, " "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_event_from_a_worker_leaves_the_page_in_the_readers_language()
    {
        var mia = await SeedAccountAsync("Mia Member", Main);
        await using (var db = NewDb())
        {
            await db.GrantAsync(Main, Now);
            await db.EnrolAsync(Main, mia, Now.AddHours(-1));
        }
        SignIn(mia, "Mia Member");
        Speak("de");
        var cut = RenderPage<MySyncedCharacters>();
        // The row is there once the page has loaded, and only then does it listen.
        cut.WaitForElement($"[data-testid=health-{Main}]");
        Assert.Equal("Meine synchronisierten Charaktere", Text(cut, "h1"));

        Speak("en"); // the sync worker publishes in its own language
        await Services.GetRequiredService<SyncEvents>().PublishAsync(
            new SyncEvent(SyncEventKind.Finished, Main, mia, SyncStatus.Error).Saying(SyncMessages.GrantRefused));

        cut.WaitForAssertion(() => Assert.Contains("EVE akzeptiert die Berechtigung", Text(cut, $"[data-testid=live-{Main}]"), StringComparison.Ordinal));
        Assert.Equal("Meine synchronisierten Charaktere", Text(cut, "h1"));
    }

    [Theory]
    [InlineData("en", "Synced Characters", "Force sync all", "Owner", "OK", "+4 added · 1 updated", "No character is in contact sync yet.")]
    [InlineData("de", "Synchronisierte Charaktere", "Synchronisierung aller erzwingen", "Besitzer", "OK", "+4 hinzugefügt · 1 aktualisiert", "Noch kein Charakter ist in der Kontaktsynchronisierung.")]
    [InlineData("ru", "Синхронизируемые персонажи", "Принудительно синхронизировать всех", "Владелец", "В норме", "+4 добавлены · 1 обновлён", "В синхронизации контактов пока нет ни одного персонажа.")]
    public async Task The_synced_characters_page_reads_in_the_language(string culture, string title, string forceAll, string owner, string ok, string lastRun, string empty)
    {
        var admin = await SeedAccountAsync("Ada Admiral", Ada, Role.Administrator);
        SignIn(admin, "Ada Admiral", Role.Administrator);
        Speak(culture);
        var none = RenderPage<SyncedCharacters>();
        none.WaitForAssertion(() => Assert.Equal(empty, Text(none, "[data-testid=synced-empty]")));
        await DisposeComponentsAsync();
        var pia = await SeedAccountAsync("Pia Pilot", Main);
        await using (var db = NewDb())
        {
            await db.EnrolAsync(Main, pia, Now.AddHours(-1), SyncStatus.Ok, lastSuccessAt: Now.AddMinutes(-5));
            await db.AddRunAsync(Main, Now.AddMinutes(-5), added: 4, updated: 1);
        }

        var cut = RenderPage<SyncedCharacters>();

        cut.WaitForElement($"[data-testid=health-{Main}]");
        Assert.Equal(title, Text(cut, "h1"));
        Assert.Equal(forceAll, Text(cut, "[data-testid=force-all]"));
        Assert.Contains(owner, Headers(cut));
        Assert.Equal(ok, Text(cut, $"[data-testid=health-{Main}]"));
        Assert.Equal(ok, Text(cut, "[data-testid=filter-Ok]"));
        Assert.Contains(lastRun, cut.Find($"[data-testid=synced-{Main}]").ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("en", "My Synced Characters", "Not in sync", "Grant scopes", "Sync now", "last 20 min ago · next due now", "+3 added · 1 updated", "2.0 s")]
    [InlineData("de", "Meine synchronisierten Charaktere", "Nicht in der Synchronisierung", "Berechtigungen erteilen", "Jetzt synchronisieren", "zuletzt vor 20 Min. · nächste jetzt fällig", "+3 hinzugefügt · 1 aktualisiert", "2,0 s")]
    [InlineData("ru", "Мои синхронизируемые персонажи", "Не синхронизируется", "Выдать разрешения", "Синхронизировать сейчас", "последняя: 20 мин назад · следующая: ожидается сейчас", "+3 добавлены · 1 обновлён", "2,0 с")]
    public async Task My_synced_characters_and_their_history_read_in_the_language(string culture, string title, string notInSync, string grant, string syncNow,
        string times, string counts, string took)
    {
        var mia = await SeedAccountAsync("Mia Member", Main);
        await AddCharacterAsync(mia, Alt, "Mia Alt");
        await using (var db = NewDb())
        {
            await db.GrantAsync(Main, Now);
            await db.EnrolAsync(Main, mia, Now.AddHours(-1), SyncStatus.Ok, lastSuccessAt: Now.AddMinutes(-20));
            await db.AddRunAsync(Main, Now.AddMinutes(-20), added: 3, updated: 1);
        }
        SignIn(mia, "Mia Member");
        Speak(culture);

        var cut = RenderPage<MySyncedCharacters>();

        cut.WaitForElement($"[data-testid=not-synced-{Alt}]");
        Assert.Equal(title, Text(cut, "h1"));
        Assert.Equal(notInSync, Text(cut, $"[data-testid=not-synced-{Alt}]"));
        Assert.Equal(grant, Text(cut, $"[data-testid=grant-{Alt}]"));
        Assert.Equal(syncNow, Text(cut, $"[data-testid=sync-now-{Main}]"));
        Assert.Equal(times, Text(cut, $"[data-testid=times-{Main}]"));
        Assert.Equal(counts, Text(cut, $"[data-testid=last-run-{Main}]"));

        cut.ClickWhenShown($"[data-testid=history-{Main}]");

        var run = cut.WaitForElement("[data-testid=history-run]");
        Assert.Contains(counts, run.TextContent, StringComparison.Ordinal);
        Assert.Contains(took, run.TextContent, StringComparison.Ordinal);
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("en", "Characters", "Add character", "Scopes", "sign-in only", "State: Guest ·")]
    [InlineData("de", "Charaktere", "Charakter hinzufügen", "Berechtigungen", "nur Anmeldung", "Status: Gast ·")]
    [InlineData("ru", "Персонажи", "Добавить персонажа", "Разрешения", "только вход", "Статус: Гость ·")]
    public async Task The_characters_page_reads_in_the_language(string culture, string title, string add, string scopes, string signInOnly, string state)
    {
        var mia = await SeedAccountAsync("Mia Member", Main);
        SignIn(mia, "Mia Member");
        Speak(culture);

        var cut = RenderPage<MyCharacters>();

        cut.WaitForElement($"[data-testid=grant-{Main}]");
        Assert.Equal(title, Text(cut, "h1"));
        Assert.Equal(add, Text(cut, "[data-testid=add-character]"));
        Assert.Contains(scopes, Headers(cut));
        Assert.Equal(signInOnly, Text(cut, $"[data-testid=grant-{Main}]"));
        Assert.StartsWith(state, Text(cut, "[data-testid=account-state]"), StringComparison.Ordinal);
        Assert.Empty(MissingTexts);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
