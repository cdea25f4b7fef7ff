using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

/// <summary>Page object: what a person does in the app, by data-testid.</summary>
public sealed class StandingsPages(IPage page, Uri baseAddress)
{
    public Task GotoAsync(string path) => page.GotoAsync(new Uri(baseAddress, path).ToString());

    /// <summary>From a protected page: the login page, the simulated EVE SSO's character picker, and back.</summary>
    public async Task SignInAsync(string path, long characterId, string characterName)
    {
        await GotoAsync(path);
        // The link works before the page is interactive, but a click while Blazor starts up can be lost to its own
        // navigation (seen once in a full run): click once the page has settled.
        await WaitForInteractiveAsync();
        await page.GetByTestId("sign-in").ClickAsync();
        await page.GetByTestId($"demo-character-{characterId}").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(baseAddress, path).ToString());
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(characterName);
        await WaitForInteractiveAsync();
    }

    /// <summary>On the Characters page: the SSO round-trip that adds (or re-grants) a character with the scopes the app asks for.</summary>
    public async Task AddCharacterAsync(long characterId)
    {
        await ByTestId("add-character").ClickAsync();
        await Expect(page.GetByText("esi-characters.write_contacts.v1")).ToBeVisibleAsync(); // the SSO shows what is asked
        await page.GetByTestId($"demo-character-{characterId}").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(baseAddress, "/characters").ToString());
        await WaitForInteractiveAsync();
    }

    public async Task SignOutAsync()
    {
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page.GetByTestId("home-sign-in")).ToBeVisibleAsync();
    }

    public ILocator ByTestId(string id) => page.GetByTestId(id);

    /// <summary>On the import page: chooses a CSV file, as the file dialog would.</summary>
    public Task ChooseCsvAsync(string fileName, string content) =>
        page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(content) });

    /// <summary>The editable element of a MudBlazor field, wherever the component put the test id.</summary>
    public ILocator Field(string id) =>
        page.Locator($"input[data-testid={id}], textarea[data-testid={id}], [data-testid={id}] input, [data-testid={id}] textarea").First;

    /// <summary>Pages prerender first; clicks only work once the circuit is connected.</summary>
    public Task WaitForInteractiveAsync() =>
        page.GetByTestId("circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });
}
