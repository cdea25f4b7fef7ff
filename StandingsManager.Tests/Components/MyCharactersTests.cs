using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Components.Pages.Characters;
using StandingsManager.Core.Accounts;

namespace StandingsManager.Tests.Components;

public sealed class MyCharactersTests : PageTestContext
{
    private async Task GrantAsync(long characterId, string scopes, TokenStatus status = TokenStatus.Valid)
    {
        await using var db = NewDb();
        db.Tokens.Add(new EveToken { CharacterId = characterId, EncryptedRefreshToken = "protected", Scopes = scopes, Status = status, UpdatedAt = Now });
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task Lists_own_characters_with_grants_scopes_and_what_is_missing()
    {
        var mia = await SeedAccountAsync("Mia Member", 1001);
        await AddCharacterAsync(mia, 1002, "Mia Alt");
        await AddCharacterAsync(mia, 1003, "Mia Lapsed");
        await GrantAsync(1002, "esi-characters.read_contacts.v1 esi-characters.write_contacts.v1");
        await GrantAsync(1003, "esi-characters.read_contacts.v1", TokenStatus.Invalid);
        await SeedAccountAsync("Someone Else", 2001);
        SignIn(mia, "Mia Member");

        var cut = RenderPage<MyCharacters>();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid^=character-]").Count));
        Assert.Equal("sign-in only", cut.Find("[data-testid=grant-1001]").TextContent.Trim());
        Assert.Equal("valid", cut.Find("[data-testid=grant-1002]").TextContent.Trim());
        Assert.Contains("invalid", cut.Find("[data-testid=grant-1003]").TextContent, StringComparison.Ordinal);
        Assert.Contains("esi-characters.write_contacts.v1", cut.Find("[data-testid=scopes-1002]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=missing-1002]"));
        Assert.Contains("esi-characters.write_contacts.v1", cut.Find("[data-testid=missing-1003]").TextContent, StringComparison.Ordinal);
        Assert.Contains("esi-characters.read_contacts.v1", cut.Find("[data-testid=missing-1001]").TextContent, StringComparison.Ordinal);
        // The main cannot be removed or re-made main; a valid grant can be checked.
        Assert.Empty(cut.FindAll("[data-testid=remove-character-1001]"));
        Assert.Single(cut.FindAll("[data-testid=remove-character-1002]"));
        Assert.Single(cut.FindAll("[data-testid=check-contacts-1002]"));
        Assert.Empty(cut.FindAll("[data-testid=check-contacts-1003]"));
        Assert.DoesNotContain("Someone Else", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("/auth/add-character", cut.Find("[data-testid=add-character]").GetAttribute("href"));
    }

    [Fact]
    public async Task Make_main_and_remove_change_the_account()
    {
        var mia = await SeedAccountAsync("Mia Member", 1001);
        await AddCharacterAsync(mia, 1002, "Mia Alt");
        await AddCharacterAsync(mia, 1003, "Mia Third");
        SignIn(mia, "Mia Member");
        var cut = RenderPage<MyCharacters>();
        cut.WaitForElement("[data-testid=make-main-1002]");

        cut.ClickWhenShown("[data-testid=make-main-1002]");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=remove-character-1001]")));
        cut.ClickWhenShown("[data-testid=remove-character-1003]");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=character-1003]")));

        await using var db = NewDb();
        Assert.Equal(1002, (await db.Accounts.SingleAsync(a => a.Id == mia, Ct)).MainCharacterId);
        Assert.False(await db.Characters.AnyAsync(c => c.Id == 1003, Ct));
    }
}
