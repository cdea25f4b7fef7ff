using StandingsManager.Tests.TestSupport;
using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using StandingsManager.App.Components.Pages.Notifications;
using StandingsManager.App.Components.Pages.Requests;
using StandingsManager.App.Components.Pages.Revocations;
using StandingsManager.App.Components.Shared;
using StandingsManager.Core.Accounts;

namespace StandingsManager.Tests.Components;

/// <summary>
/// The request and revocation pages, the notifications page and the shared small parts (ages, selection bar, expiry) read
/// in German and Russian: titles, buttons, headers, card labels and empty states in the language, no key missing, and
/// counted words in the form their number takes.
/// </summary>
public sealed class RequestsLanguagesTests : PageTestContext
{
    private static void Speak(string culture) => CoreLanguage.Set(culture);

    // The culture is set by the test itself: one set inside an awaited method would not outlive that method.
    private async Task SignInApproverAsync()
    {
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);
    }

    private static string Text(IElement element) => element.TextContent.Trim();

    private static List<string> Headers(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, string table) =>
        [.. cut.FindAll($"[data-testid={table}] th").Select(Text)];

    [Theory]
    [InlineData("de", "Ansehen beantragen", "Charakter", "Kein Ansehen", "Ausstehend", "Antrag zurückziehen")]
    [InlineData("ru", "Запросить репутацию", "Персонаж", "Нет репутации", "На рассмотрении", "Отменить запрос")]
    public async Task The_request_page_reads_in_the_language(string culture, string title, string header, string noStanding, string pending, string cancel)
    {
        var mia = await SeedAccountAsync("Mia Member", 1001);
        await MakeMemberAsync(1001);
        await AddCharacterAsync(mia, 1002, "Mia Alt");
        await SeedPendingRequestAsync(1002, "Mia Alt", mia, "Mia Member");
        SignIn(mia, "Mia Member");
        Speak(culture);

        var cut = RenderPage<RequestStandings>();

        cut.WaitForElement("[data-testid=my-characters]");
        Assert.Equal(title, Text(cut.Find("h1")));
        Assert.Contains(header, Headers(cut, "my-characters"));
        Assert.Equal(noStanding, Text(cut.Find("[data-testid=status-1001]")));
        Assert.Equal(pending, Text(cut.Find("[data-testid=status-1002]")));
        Assert.Equal(cancel, Text(cut.Find("[data-testid=cancel-1002]")));
        Assert.Equal(header, cut.Find("[data-testid=status-1001]").ParentElement!.QuerySelector("td")!.GetAttribute("data-label"));
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("de", "Anträge verwalten", "Beantragt für", "Genehmigen", "Alter", "vor 2 Stunden", "2 ausgewählt", "2 Anträge: Rita Alt, Rita Requester.", "Keine Anträge warten. Neue erscheinen hier.")]
    [InlineData("ru", "Управление запросами", "Для кого", "Одобрить", "Давность", "2 часа назад", "Выбрано: 2", "2 запроса: Rita Alt, Rita Requester.", "Нет ожидающих запросов. Новые появятся здесь.")]
    public async Task The_request_queue_and_its_bulk_dialog_read_in_the_language(string culture, string title, string header, string approve, string ageLabel,
        string age, string selected, string subject, string empty)
    {
        var rita = await SeedAccountAsync("Rita Requester", 1001);
        await AddCharacterAsync(rita, 1002, "Rita Alt");
        await SeedPendingRequestAsync(1001, "Rita Requester", rita, "Rita Requester");
        await SeedPendingRequestAsync(1002, "Rita Alt", rita, "Rita Requester");
        await SignInApproverAsync();
        Speak(culture);

        var cut = RenderPage<ManageRequests>();

        cut.WaitForElement("[data-testid=queue-entity-1002]");
        Assert.Equal(title, Text(cut.Find("h1")));
        Assert.Contains(header, Headers(cut, "request-queue"));
        Assert.Equal(approve, Text(cut.Find("[data-testid=approve-1001]")));
        var row = cut.Find("[data-testid=queue-entity-1001]").ParentElement!;
        Assert.Equal(age, Text(row.QuerySelector($"td[data-label='{ageLabel}']")!));

        foreach (var id in new[] { 1001, 1002 })
            cut.TickRowOf($"[data-testid=queue-entity-{id}]");
        cut.WaitForAssertion(() => Assert.Equal(selected, Text(cut.Find("[data-testid=bulk-count]"))));
        cut.ClickWhenShown("[data-testid=bulk-approve]");
        cut.WaitForAssertion(() => Assert.Equal(subject, Text(cut.Find("[data-testid=bulk-decide-subject]"))));
        Assert.Equal(approve, Text(cut.Find("[data-testid=bulk-decide-confirm]")));
        cut.ClickWhenShown("[data-testid=bulk-decide-confirm]");

        cut.WaitForAssertion(() => Assert.Equal(empty, Text(cut.Find("[data-testid=queue-empty]"))));
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("de", "Widerrufe verwalten", "Typ", "Charakter", "Eintrag entfernen", "Eintrag behalten", "unbefristet", "vor 1 Stunde")]
    [InlineData("ru", "Управление отзывами", "Тип", "Персонаж", "Удалить запись", "Оставить запись", "бессрочно", "1 час назад")]
    public async Task The_revocation_queue_reads_in_the_language_and_its_intro_names_the_buttons(string culture, string title, string typeHeader, string type,
        string remove, string keep, string never, string age)
    {
        var owner = await SeedAccountAsync("Olga Owner", 1001);
        await SeedEntryAsync(1001, "Olga Owner", 5);
        await SeedPendingRevocationAsync(1001, "Olga Owner", owner, "Olga Owner");
        await SignInApproverAsync();
        Speak(culture);

        var cut = RenderPage<ManageRevocations>();

        cut.WaitForElement("[data-testid=queue-entity-1001]");
        Assert.Equal(title, Text(cut.Find("h1")));
        Assert.Contains(typeHeader, Headers(cut, "revocation-queue"));
        var row = cut.Find("[data-testid=queue-entity-1001]").ParentElement!;
        Assert.Equal(type, Text(row.QuerySelector($"td[data-label='{typeHeader}']")!));
        Assert.Equal((remove, keep), (Text(cut.Find("[data-testid=approve-1001]")), Text(cut.Find("[data-testid=reject-1001]"))));
        // Age is the column before Decide.
        Assert.Equal((never, age), (Text(cut.Find("[data-testid=entry-expires-1001]")), Text(row.QuerySelector("td:nth-last-child(2)")!)));
        // The intro quotes the buttons in their own (translated) words.
        var intro = Text(cut.Find("h1").NextElementSibling!);
        Assert.Contains(remove, intro, StringComparison.Ordinal);
        Assert.Contains(keep, intro, StringComparison.Ordinal);
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("de", "Keine Widerrufe warten.", "Benachrichtigungen", "Noch keine Benachrichtigungen.", "Ungelesen")]
    [InlineData("ru", "Нет ожидающих отзывов.", "Уведомления", "Уведомлений пока нет.", "Непрочитанные")]
    public async Task An_empty_revocation_queue_and_an_empty_inbox_say_so_in_the_language(string culture, string noRevocations, string notifications,
        string noNotifications, string unread)
    {
        await SignInApproverAsync();
        Speak(culture);

        var queue = RenderPage<ManageRevocations>();
        queue.WaitForAssertion(() => Assert.Equal(noRevocations, Text(queue.Find("[data-testid=queue-empty]"))));
        await DisposeComponentsAsync();
        var inbox = RenderPage<MyNotifications>();
        inbox.WaitForAssertion(() => Assert.Equal(noNotifications, Text(inbox.Find("[data-testid=notifications-page-empty]"))));

        Assert.Equal(notifications, Text(inbox.Find("h1")));
        Assert.Equal(unread, Text(inbox.Find("[data-testid=notifications-unread]")));
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("en", 30, "just now")]
    [InlineData("en", 180, "3 min ago")]
    [InlineData("de", 30, "gerade eben")]
    [InlineData("de", 60, "vor 1 Minute")]
    [InlineData("de", 2 * 86_400, "vor 2 Tagen")]
    [InlineData("ru", 60, "1 минуту назад")]
    [InlineData("ru", 3 * 60, "3 минуты назад")]
    [InlineData("ru", 5 * 60, "5 минут назад")]
    [InlineData("ru", 21 * 3600, "21 час назад")]
    [InlineData("ru", 22 * 3600, "22 часа назад")]
    [InlineData("ru", 11 * 86_400, "11 дней назад")]
    [InlineData("fr", 60, "il y a 1 minute")]
    [InlineData("ja", 3 * 3600, "3時間前")]
    public void An_age_counts_in_the_form_its_number_takes(string culture, int secondsAgo, string expected)
    {
        Speak(culture);

        var cut = Render<Age>(p => p.Add(a => a.Since, Now.AddSeconds(-secondsAgo)));

        Assert.Equal(expected, Text(cut.Find("span")));
        Assert.Empty(MissingTexts);
    }
}
