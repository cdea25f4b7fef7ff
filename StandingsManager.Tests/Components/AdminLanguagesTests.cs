using StandingsManager.Tests.TestSupport;
using System.Globalization;
using Bunit;
using Bunit.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using StandingsManager.App.Components.Layout;
using StandingsManager.App.Components.Pages;
using StandingsManager.App.Components.Pages.Api;
using StandingsManager.App.Components.Pages.Audit;
using StandingsManager.App.Components.Pages.Users;
using StandingsManager.App.Components.Pages.Webhooks;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;

namespace StandingsManager.Tests.Components;

/// <summary>
/// The administration pages and the app's frame read in German and in Russian: titles, buttons, table headers, the
/// phone cards' labels, empty states, dialogs and counted texts, with no text missing from the resources.
/// </summary>
public sealed class AdminLanguagesTests : PageTestContext
{
    private static void Speak(string culture) => CoreLanguage.Set(culture);

    private async Task<int> SignInAdminAsync()
    {
        var admin = await SeedAccountAsync("Ada Admiral", 9001, Role.Administrator);
        SignIn(admin, "Ada Admiral", Role.Administrator);
        return admin;
    }

    private static string Text(IRenderedComponent<ContainerFragment> cut, string selector) => cut.Find(selector).TextContent.Trim();

    [Theory]
    [InlineData("de", "Prüfprotokoll", "Entfernung beantragt", "Zeitpunkt (UTC)", "Aktion", "Keine Zeile passt zum Filter.")]
    [InlineData("ru", "Журнал аудита", "Запрошено удаление", "Когда (UTC)", "Действие", "Нет строк, подходящих под фильтр.")]
    public async Task The_audit_log_reads_in_the_language(string culture, string title, string action, string when, string actionLabel, string noMatch)
    {
        var auditor = await SeedAccountAsync("Ann Auditor", 9002, Role.Auditor);
        await SeedAuditAsync(AuditAction.RevocationCreated, "System", 1001, "Rita Requester");
        SignIn(auditor, "Ann Auditor", Role.Auditor);
        Speak(culture);

        var cut = RenderPage<AuditLog>();

        cut.WaitForAssertion(() => Assert.Equal(action, Text(cut, "[data-testid=audit-row-action]")));
        Assert.Equal(title, Text(cut, "h1"));
        Assert.Equal(when, cut.FindAll("th")[0].TextContent.Trim());
        // The phone card's label of the same cell.
        Assert.Equal(actionLabel, cut.Find("[data-testid=audit-row-action]").GetAttribute("data-label"));
        cut.ChangeWhenShown("input[data-testid=audit-subject]", "nobody");
        cut.WaitForAssertion(() => Assert.Equal(noMatch, Text(cut, "[data-testid=audit-empty]")));
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("ru")]
    public void Every_audit_action_has_its_own_words_in_the_language(string culture)
    {
        var texts = Services.GetRequiredService<IStringLocalizer<AuditText>>();
        Speak("en");
        var english = Enum.GetValues<AuditAction>().Select(a => texts.Describe(a)).ToList();
        Speak(culture);

        var words = Enum.GetValues<AuditAction>().Select(a => texts.Describe(a)).ToList();

        Assert.Equal(Enum.GetValues<AuditAction>().Select(a => a.Describe()), english);
        Assert.Equal(words.Count, words.Distinct(StringComparer.Ordinal).Count());
        Assert.All(words.Zip(english), pair => Assert.NotEqual(pair.Second, pair.First));
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("de", "Benutzer & Rollen", "Rollen", "Rolle vergeben", "Genehmiger", "Gast", "Rolle Prüfer vergeben", "Pia Pilot die Rolle Prüfer vergeben.", "Vergeben")]
    [InlineData("ru", "Пользователи и роли", "Роли", "Выдать роль", "Согласующий", "Гость", "Выдать роль «Аудитор»", "Выдать роль «Аудитор» пользователю Pia Pilot.", "Выдать")]
    public async Task Users_and_roles_read_in_the_language(string culture, string title, string rolesHeader, string grant, string approver, string guest,
        string dialogTitle, string dialogText, string confirm)
    {
        await SignInAdminAsync();
        var pia = await SeedAccountAsync("Pia Pilot", 1001, Role.Approver);
        Speak(culture);

        var cut = RenderPage<UsersAndRoles>();

        cut.WaitForAssertion(() => Assert.Equal(approver, Text(cut, $"[data-testid=role-{pia}-Approver]")));
        Assert.Equal(title, Text(cut, "h1"));
        Assert.Contains(rolesHeader, cut.FindAll("th").Select(th => th.TextContent.Trim()));
        Assert.Equal(guest, cut.Find($"[data-testid=user-{pia}]").NextElementSibling!.TextContent.Trim());
        Assert.Equal(grant, Text(cut, $"[data-testid=grant-{pia}] button"));

        cut.ClickWhenShown($"[data-testid=grant-{pia}] button");
        cut.ClickWhenShown($"[data-testid=grant-{pia}-Auditor]");
        cut.WaitForElement("[data-testid=decide-dialog]");
        Assert.Contains(dialogTitle, cut.Find(".mud-dialog-title").TextContent, StringComparison.Ordinal);
        Assert.Contains(dialogText, cut.Find("[data-testid=decide-dialog]").TextContent, StringComparison.Ordinal);
        Assert.Equal(confirm, Text(cut, "[data-testid=decide-confirm]"));
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("de", "API-Schlüssel", "Schlüssel erstellen", "Noch keine API-Schlüssel.", "Zuletzt verwendet")]
    [InlineData("ru", "Ключи API", "Создать ключ", "Ключей API пока нет.", "Последнее использование")]
    public async Task Api_keys_read_in_the_language(string culture, string title, string create, string empty, string lastUsed)
    {
        await SignInAdminAsync();
        Speak(culture);

        var cut = RenderPage<ApiKeysPage>();

        cut.WaitForAssertion(() => Assert.Equal(empty, Text(cut, "[data-testid=api-keys-empty]")));
        Assert.Equal(title, Text(cut, "h1"));
        Assert.Equal(create, Text(cut, "[data-testid=api-key-create]"));
        Assert.Contains(lastUsed, cut.FindAll("th").Select(th => th.TextContent.Trim()));
        // The path stays code inside the translated sentence.
        Assert.Equal("/api/v1", cut.Find("p code").TextContent);
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("de", "Registrieren", "Letzte Zustellung", "2 Ereignisse, seit 24.11.2026 11:55:00 UTC", "(Versuch 2, nächster Versuch 12:01:00 UTC)", "aktiv")]
    [InlineData("ru", "Зарегистрировать", "Последняя доставка", "2 события, с 24.11.2026 11:55:00 UTC", "(попытка 2, следующая в 12:01:00 UTC)", "включён")]
    public async Task Webhooks_read_in_the_language(string culture, string register, string lastDelivery, string behind, string retrying, string enabled)
    {
        await SignInAdminAsync();
        var id = await SeedRetryingWebhookAsync("https://93.184.215.14/hooks/standings");
        Speak(culture);

        var cut = RenderPage<WebhooksPage>();

        // Two waiting events: Russian's "few" form.
        cut.WaitForAssertion(() => Assert.Equal(behind, Text(cut, $"[data-testid=webhook-behind-{id}]")));
        Assert.EndsWith(retrying, Text(cut, $"[data-testid=webhook-last-{id}]"), StringComparison.Ordinal);
        Assert.Equal(enabled, Text(cut, $"[data-testid=webhook-status-{id}]"));
        Assert.Equal(register, Text(cut, "[data-testid=webhook-save]"));
        Assert.Contains(lastDelivery, cut.FindAll("th").Select(th => th.TextContent.Trim()));
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("de", "Zugriff verweigert", "Auf der Übersicht sehen, wo Sie stehen")]
    [InlineData("ru", "Доступ запрещён", "Посмотреть своё положение в обзоре")]
    public void Access_denied_reads_in_the_language(string culture, string title, string dashboard)
    {
        Speak(culture);

        var cut = RenderPage<AccessDenied>();

        Assert.Equal(title, Text(cut, "h1"));
        Assert.Equal(dashboard, Text(cut, "[data-testid=access-denied-dashboard]"));
        Assert.NotEmpty(Text(cut, "[data-testid=access-denied]"));
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("de", "Verbindung fehlgeschlagen … neuer Versuch in 7 s.", "Fortsetzen")]
    [InlineData("ru", "Не удалось подключиться... повторная попытка через 7 с.", "Продолжить")]
    public void The_reconnect_dialog_is_rendered_in_the_language_for_when_the_circuit_is_gone(string culture, string retryIn, string resume)
    {
        Speak(culture);

        var cut = Render<ReconnectModal>();

        // The framework's script writes the seconds into the span, which stands where the translation put {0}.
        var retry = cut.Find(".components-reconnect-repeated-attempt-visible");
        retry.QuerySelector("#components-seconds-to-next-attempt")!.TextContent = "7";
        Assert.Equal(retryIn, retry.TextContent.Trim());
        Assert.Equal(resume, cut.Find("#components-resume-button").TextContent.Trim());
        Assert.Empty(MissingTexts);
    }
}
