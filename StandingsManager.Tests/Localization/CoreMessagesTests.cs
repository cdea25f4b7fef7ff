using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Webhooks;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Localization;

/// <summary>
/// Core's refusals read in the language of whoever tried the move (the request's or circuit's culture): German and
/// Russian here, with plural forms where a count is in the sentence; English stays word for word what it was.
/// </summary>
public sealed class CoreMessagesTests
{
    private static readonly Actor Guest = new(1, "Gus Guest", new HashSet<Role>());

    private static string Refusal(string culture, Action move)
    {
        using var _ = CoreLanguage.Speak(culture);
        return Assert.Throws<WorkflowException>(move).Message;
    }

    [Theory]
    [InlineData("en", "You need the Approver role to approve requests.")]
    [InlineData("de", "Sie brauchen die Rolle „Genehmiger“, um Anträge zu genehmigen.")]
    [InlineData("ru", "Чтобы одобрять запросы, нужна роль «Утверждающий».")]
    public void A_missing_role_is_refused_in_the_readers_language(string culture, string expected) =>
        Assert.Equal(expected, Refusal(culture, () => Guest.Require(Role.Approver, () => CoreText.Get("Role.Needed.ApproveRequests"))));

    [Theory]
    [InlineData("en", "Keep notes and reasons under 1000 characters.")]
    [InlineData("de", "Notizen und Gründe dürfen höchstens 1000 Zeichen lang sein.")]
    [InlineData("ru", "Заметки и причины должны быть короче 1000 символов.")]
    public void A_too_long_reason_is_refused_in_the_readers_language(string culture, string expected) =>
        Assert.Equal(expected, Refusal(culture, () => FreeText.Clean(new string('x', FreeText.MaxLength + 1))));

    [Theory]
    [InlineData("de", "Lassen Sie Benutzername und Passwort aus der URL weg: Der Empfänger prüft stattdessen die Signatur.")]
    [InlineData("ru", "Не указывайте имя пользователя и пароль в URL: получатель вместо этого проверяет подпись.")]
    public void A_webhook_address_problem_reads_in_the_readers_language(string culture, string expected)
    {
        using var _ = CoreLanguage.Speak(culture);
        Assert.Equal(expected, WebhookAddresses.CheckUrl("https://bot:secret@hooks.example/standings", allowNonPublic: false, out var uri));
        Assert.Null(uri);
    }

    [Theory]
    [InlineData("en", 3, "You cover 1 of 3 members of Alice Industries; missing: Alice Alt (missing scopes esi-characters.write_contacts.v1), 1 member you have not added.")]
    [InlineData("de", 3, "Sie decken 1 von 3 Mitgliedern von Alice Industries ab; es fehlen: Alice Alt (fehlende Berechtigungen esi-characters.write_contacts.v1), 1 Mitglied, das Sie nicht hinzugefügt haben.")]
    [InlineData("ru", 3, "Вы охватываете 1 из 3 участников Alice Industries; не хватает: Alice Alt (не хватает разрешений esi-characters.write_contacts.v1), 1 участник, которого вы не добавили.")]
    [InlineData("ru", 4, "Вы охватываете 1 из 4 участников Alice Industries; не хватает: Alice Alt (не хватает разрешений esi-characters.write_contacts.v1), 2 участника, которых вы не добавили.")]
    [InlineData("ru", 7, "Вы охватываете 1 из 7 участников Alice Industries; не хватает: Alice Alt (не хватает разрешений esi-characters.write_contacts.v1), 5 участников, которых вы не добавили.")]
    public void A_corporation_coverage_counts_in_the_languages_plural_forms(string culture, int members, string expected)
    {
        using var _ = CoreLanguage.Speak(culture);
        var problem = CoreText.Format("Coverage.Problem.MissingScopes", "esi-characters.write_contacts.v1");
        var coverage = new CorporationCoverage(new CorporationFacts(98_000_001, "Alice Industries", members, null),
            [new CoveredCharacter(90_000_001, "Alice Main", true, null), new CoveredCharacter(90_000_002, "Alice Alt", false, problem)]);

        Assert.Equal(expected, coverage.Describe());
    }
}
