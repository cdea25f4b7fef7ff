using StandingsManager.Tests.TestSupport;
using System.Globalization;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Components.Pages.Lists;
using StandingsManager.App.Components.Pages.Standings;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Standings;
using StandingsManager.Tests.EsiIntegration;
using CoreList = StandingsManager.Core.Lists.StandingsList;

namespace StandingsManager.Tests.Components;

/// <summary>
/// The standings list (with its add dialog), the import page (with a preview) and the lists page read in German and
/// Russian: their own words are the language's, the data (names, CSV column names) stays as it is, and no text is missing.
/// </summary>
public sealed class StandingsLanguagesTests : PageTestContext
{
    private const long Pilot = 1001;

    private readonly EsiRig rig = new();

    public StandingsLanguagesTests()
    {
        // The import looks names up in the app's simulated ESI, over real HTTP.
        Services.AddSingleton(rig.Esi);
        Services.AddTransient<StandingsImport>();
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await rig.DisposeAsync();
    }

    private static void Speak(string culture) => CoreLanguage.Set(culture);

    private async Task SignInAdministratorAsync()
    {
        var admin = await SeedAccountAsync("Ada Admiral", 90_000_001, Role.Administrator);
        SignIn(admin, "Ada Admiral", Role.Administrator);
    }

    private async Task<string> FirstListNameAsync()
    {
        await using var db = NewDb();
        return db.Lists.Single(l => l.Id == CoreList.FirstListId).Name;
    }

    private static List<string> Texts(IRenderedComponent<ContainerFragment> cut, string selector) =>
        [.. cut.FindAll(selector).Select(e => e.TextContent.Trim())];

    [Theory]
    [InlineData("de", "Ansehen: {0}", "CSV exportieren", "Notizen", "Charakter")]
    [InlineData("ru", "Репутация: {0}", "Экспорт CSV", "Заметки", "Персонаж")]
    public async Task The_standings_list_reads_in_the_language(string culture, string heading, string export, string notesColumn, string character)
    {
        await SeedEntryAsync(Pilot, "Pia Pilot", 7.5);
        await SignInAdministratorAsync();
        var list = await FirstListNameAsync();
        Speak(culture);

        var cut = RenderPage<StandingsList>();

        cut.WaitForAssertion(() => Assert.Equal("Pia Pilot", cut.Find($"[data-testid=entry-{Pilot}]").TextContent.Trim()));
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, heading, list), cut.Find("[data-testid=standings-heading]").TextContent.Trim());
        Assert.Equal(export, cut.Find("[data-testid=export-csv]").TextContent.Trim());
        Assert.Contains(notesColumn, Texts(cut, "[data-testid=standings-table] th"));
        // The type column next to the name, and its label on a phone card.
        var type = cut.Find($"[data-testid=entry-{Pilot}]").NextElementSibling!;
        Assert.Equal(character, type.TextContent.Trim());
        Assert.NotEqual("Type", type.GetAttribute("data-label"));
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("de", "Die Liste ist leer: Genehmigte Anträge und von Administratoren hinzugefügte Einträge erscheinen hier.",
        "Eintrag zu {0} hinzufügen", "Geben Sie die EVE-ID an oder suchen Sie den Eintrag über seinen Namen.")]
    [InlineData("ru", "Список пуст: здесь появятся одобренные запросы и записи, добавленные администраторами.",
        "Добавить запись в {0}", "Укажите ID в EVE или найдите сущность по имени.")]
    public async Task An_empty_list_and_the_add_dialog_read_in_the_language(string culture, string empty, string dialogTitle, string noId)
    {
        await SignInAdministratorAsync();
        var list = await FirstListNameAsync();
        Speak(culture);

        var cut = RenderPage<StandingsList>();
        cut.WaitForAssertion(() => Assert.Equal(empty, cut.Find("[data-testid=standings-empty]").TextContent.Trim()));
        cut.ClickWhenShown("[data-testid=add-entry]");
        cut.WaitForElement("[data-testid=add-entry-dialog]");
        // Nothing found or given: the dialog's own refusal, before anything reaches the server.
        cut.ClickWhenShown("[data-testid=add-confirm]");

        cut.WaitForAssertion(() => Assert.Equal(noId, cut.Find("[data-testid=add-error]").TextContent.Trim()));
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, dialogTitle, list), cut.Find(".mud-dialog-title").TextContent.Trim());
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("de", "Ansehen in {0} importieren", "Zurück zur Liste", "Zeile", "Hinzufügen", "1 Änderung anwenden")]
    [InlineData("ru", "Импорт репутации в {0}", "Назад к списку", "Строка", "Добавить", "Применить 1 изменение")]
    public async Task The_import_page_and_its_preview_read_in_the_language(string culture, string heading, string back, string lineColumn, string add, string apply)
    {
        await SignInAdministratorAsync();
        var list = await FirstListNameAsync();
        Speak(culture);

        var cut = RenderPage<ImportStandings>();
        cut.WaitForState(() => cut.FindComponents<InputFile>().Count > 0);

        Assert.Equal(string.Format(CultureInfo.InvariantCulture, heading, list), cut.Find("[data-testid=import-heading]").TextContent.Trim());
        Assert.Equal(back, cut.Find("[data-testid=import-back]").TextContent.Trim());
        // The file's column names are the file's: they stay as the import reads them, in every language.
        Assert.Equal(["id", "name", "type", "standing", "notes", "expires_at"], Texts(cut, "p code"));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("name,type,standing\nPete Pirate,character,-10\n", "list.csv"));

        cut.WaitForAssertion(() => Assert.Equal(add, cut.Find("[data-testid=import-row-2] [data-testid=import-action]").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Equal(lineColumn, Texts(cut, "[data-testid=import-preview] th")[0]);
        Assert.Equal(apply, cut.Find("[data-testid=import-apply]").TextContent.Trim());
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("de", "Listen", "Neue Liste", "Zielgruppe", "aktiv")]
    [InlineData("ru", "Списки", "Новый список", "Аудитория", "активен")]
    public async Task The_lists_page_reads_in_the_language(string culture, string heading, string create, string audienceColumn, string active)
    {
        await SignInAdministratorAsync();
        Speak(culture);

        var cut = RenderPage<ListsPage>();

        cut.WaitForElement("[data-testid=lists-table]");
        Assert.Equal(heading, cut.Find("h1").TextContent.Trim());
        Assert.Equal(create, cut.Find("[data-testid=list-new]").TextContent.Trim());
        Assert.Contains(audienceColumn, Texts(cut, "[data-testid=lists-table] th"));
        Assert.Equal(active, cut.Find($"[data-testid=list-status-{CoreList.FirstListId}] .mud-chip").TextContent.Trim());
        Assert.Empty(MissingTexts);
    }
}
