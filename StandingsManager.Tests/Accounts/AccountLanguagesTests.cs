using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Standings;
using StandingsManager.Tests.TestSupport;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Accounts;

public sealed class AccountLanguagesTests
{
    private static async Task<string?> SavedAsync(CoreTestDatabase database, int accountId)
    {
        await using var db = database.CreateDbContext();
        return await db.Accounts.Where(a => a.Id == accountId).Select(a => a.Language).SingleAsync(Ct);
    }

    [Fact]
    public async Task A_user_saves_and_clears_the_language_of_their_own_account()
    {
        await using var database = await CreateAsync();
        var mia = await database.AddAccountAsync(1001, "Mia");
        var languages = database.Get<AccountLanguages>();

        await languages.SaveAsync(mia, mia, "DE", Ct);
        Assert.Equal("de", await SavedAsync(database, mia));
        Assert.Equal("de", await languages.ReadAsync(mia, Ct));

        await languages.SaveAsync(mia, mia, "zh-hans", Ct);
        Assert.Equal("zh-Hans", await languages.ReadAsync(mia, Ct));

        await languages.SaveAsync(mia, mia, null, Ct);
        Assert.Null(await SavedAsync(database, mia));
    }

    [Fact]
    public async Task Nobody_sets_another_accounts_language()
    {
        await using var database = await CreateAsync();
        var mia = await database.AddAccountAsync(1001, "Mia");
        var admin = await database.AddAccountAsync(AdminCharacterId, "Ada", Role.Administrator);

        var refused = await Assert.ThrowsAsync<WorkflowException>(() => database.Get<AccountLanguages>().SaveAsync(admin, mia, "ru", Ct));

        Assert.Equal(WorkflowError.Forbidden, refused.Error);
        Assert.Null(await SavedAsync(database, mia));
    }

    [Fact]
    public async Task A_language_the_app_does_not_speak_is_refused_and_nothing_changes()
    {
        await using var database = await CreateAsync();
        var mia = await database.AddAccountAsync(1001, "Mia");
        var languages = database.Get<AccountLanguages>();
        await languages.SaveAsync(mia, mia, "fr", Ct);

        var refused = await Assert.ThrowsAsync<WorkflowException>(() => languages.SaveAsync(mia, mia, "pt-BR", Ct));

        Assert.Equal(WorkflowError.Invalid, refused.Error);
        Assert.Contains("pt-BR", refused.Message, StringComparison.Ordinal);
        Assert.Equal("fr", await SavedAsync(database, mia));
    }

    [Fact]
    public async Task A_deactivated_account_has_no_language_to_apply()
    {
        await using var database = await CreateAsync();
        var mia = await database.AddAccountAsync(1001, "Mia");
        await database.Get<AccountLanguages>().SaveAsync(mia, mia, "ko", Ct);
        await using (var db = database.CreateDbContext())
            await db.Accounts.Where(a => a.Id == mia).ExecuteUpdateAsync(u => u.SetProperty(a => a.IsActive, false), Ct);

        Assert.Null(await database.Get<AccountLanguages>().ReadAsync(mia, Ct));
        await Assert.ThrowsAsync<WorkflowException>(() => database.Get<AccountLanguages>().SaveAsync(mia, mia, "de", Ct));
    }

    [Fact]
    public void Core_messages_come_in_the_current_language()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de");
            Assert.Equal("Geben Sie ein Ansehen zwischen -10 und +10 an.", StandingScale.Parse("").Problem);
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru");
            Assert.Equal("Укажите репутацию от -10 до +10.", StandingScale.Parse(" ").Problem);
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            Assert.Equal("Give a standing between -10 and +10.", StandingScale.Parse(null).Problem);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Theory]
    [InlineData("en", 1, PluralForm.One)]
    [InlineData("en", 0, PluralForm.Other)]
    [InlineData("fr", 0, PluralForm.One)]
    [InlineData("fr", 2, PluralForm.Other)]
    [InlineData("ru", 1, PluralForm.One)]
    [InlineData("ru", 21, PluralForm.One)]
    [InlineData("ru", 11, PluralForm.Many)]
    [InlineData("ru", 3, PluralForm.Few)]
    [InlineData("ru", 13, PluralForm.Many)]
    [InlineData("ru", 25, PluralForm.Many)]
    [InlineData("ja", 1, PluralForm.Other)]
    [InlineData("zh-Hans", 1, PluralForm.Other)]
    public void Counts_take_each_languages_plural_form(string culture, int count, PluralForm form) =>
        Assert.Equal(form, Plural.Form(count, CultureInfo.GetCultureInfo(culture)));
}
