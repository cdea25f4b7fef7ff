using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;
using StandingsManager.App.Components.Pages.Requests;
using StandingsManager.App.Components.Pages.Sync;
using StandingsManager.App.Components.Shared;
using StandingsManager.Core;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Standings;

namespace StandingsManager.Tests.Components;

/// <summary>The small components' words and looks: plurals, counts, chips in EVE's colours, links to EVE's tools.</summary>
public sealed class WordsAndLooksTests : PageTestContext
{
    [Theory]
    [InlineData(0, "0 requests")]
    [InlineData(1, "1 request")]
    [InlineData(2, "2 requests")]
    public void Plural_counts_say_one_and_many_right(int count, string expected) =>
        Assert.Equal(expected, Plural.Count(count, "request"));

    [Fact]
    public void Plural_takes_an_irregular_plural() =>
        Assert.Equal(("1 entry", "3 entries"), (Plural.Count(1, "entry", "entries"), Plural.Count(3, "entry", "entries")));

    [Theory]
    [InlineData(-10.0, "Terrible", "#b3261e")]
    [InlineData(-5.1, "Terrible", "#b3261e")]
    [InlineData(-5.0, "Bad", "#f08c00")]
    [InlineData(-0.1, "Bad", "#f08c00")]
    [InlineData(0.0, "Neutral", "#9e9e9e")]
    [InlineData(0.1, "Good", "#6cb4ee")]
    [InlineData(5.0, "Good", "#6cb4ee")]
    [InlineData(5.1, "Excellent", "#0b3d91")]
    [InlineData(10.0, "Excellent", "#0b3d91")]
    public void Standing_chips_take_eves_colour_for_their_band(double standing, string band, string background)
    {
        var cut = Render<StandingChip>(p => p.Add(c => c.Value, standing));

        var chip = cut.Find("[data-testid=standing-value]");
        Assert.Equal(band, chip.GetAttribute("data-band"));
        Assert.Contains($"background-color: {background}", chip.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Equal(StandingFormat.Format(standing), chip.TextContent.Trim());
    }

    [Fact]
    public void Every_band_keeps_its_text_readable()
    {
        foreach (var band in Enum.GetValues<StandingBand>())
        {
            var (background, text) = StandingChip.ColoursOf(band);
            Assert.True(Contrast(background, text) >= 4.5, $"{band}: {background} on {text} is {Contrast(background, text):0.00}:1");
        }
    }

    [Theory]
    [InlineData(EntityType.Character, 90_000_001L, "https://zkillboard.com/character/90000001/", "https://evewho.com/character/90000001")]
    [InlineData(EntityType.Corporation, 98_000_001L, "https://zkillboard.com/corporation/98000001/", "https://evewho.com/corporation/98000001")]
    [InlineData(EntityType.Alliance, 99_000_001L, "https://zkillboard.com/alliance/99000001/", "https://evewho.com/alliance/99000001")]
    public void Names_link_to_zkillboard_and_evewho_in_a_new_tab(EntityType type, long id, string zkillboard, string evewho)
    {
        var cut = Render<EveLinks>(p => p.Add(c => c.Id, id).Add(c => c.Type, type).Add(c => c.Name, "Blue Friends"));

        var links = new[] { cut.Find("[data-testid=zkillboard-link]"), cut.Find("[data-testid=evewho-link]") };
        Assert.Equal((zkillboard, evewho), (links[0].GetAttribute("href"), links[1].GetAttribute("href")));
        Assert.All(links, a => Assert.Equal(("_blank", "noopener noreferrer"), (a.GetAttribute("target"), a.GetAttribute("rel"))));
        Assert.Equal("Blue Friends on zKillboard", links[0].GetAttribute("aria-label"));
        Assert.Equal("", cut.Find("[data-testid=eve-links]").TextContent.Trim()); // icons only: the name's text stays the name
    }

    [Theory]
    [InlineData(0, 0, 0, 0, "no changes")]
    [InlineData(3, 1, 0, 0, "+3 added · 1 updated")]
    [InlineData(0, 0, 2, 1, "2 removed · 1 collision")]
    [InlineData(0, 0, 0, 2, "2 collisions")]
    public void Run_counts_say_only_what_happened(int added, int updated, int removed, int collisions, string expected)
    {
        var cut = Render<SyncRunCounts>(p => p.Add(c => c.Added, added).Add(c => c.Updated, updated).Add(c => c.Removed, removed)
            .Add(c => c.Collisions, collisions).Add(c => c.TestId, "counts"));

        Assert.Equal(expected, cut.Find("[data-testid=counts]").TextContent.Trim());
    }

    [Theory]
    [InlineData(-20, false, "just now")]
    [InlineData(-20, true, "due now")]
    [InlineData(30, true, "in under a minute")]
    [InlineData(-600, false, "10 min ago")]
    [InlineData(300, true, "in 5 min")]
    public void Sync_times_say_something(int seconds, bool next, string expected) =>
        Assert.Equal(expected, SyncWhen.Describe(Services.GetRequiredService<IStringLocalizer<SyncText>>(), TimeSpan.FromSeconds(seconds), next));

    [Fact]
    public void An_expired_entry_is_marked_and_a_coming_expiry_is_not()
    {
        var past = Render<ExpiryText>(p => p.Add(c => c.ExpiresAt, Now.AddDays(-1)));
        var future = Render<ExpiryText>(p => p.Add(c => c.ExpiresAt, Now.AddDays(1)));

        Assert.Equal("expired", past.Find("[data-testid=expired]").TextContent.Trim());
        Assert.Empty(future.FindAll("[data-testid=expired]"));
    }

    [Fact]
    public void A_missing_reason_asks_for_one_without_speaking_of_a_requester()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        _ = provider.InvokeAsync(() => DecideDialogs.AskAsync(dialogs, "Grant Approver", "Grant Approver to Rita.", "Grant", askStanding: false, reasonRequired: true));

        provider.ClickWhenShown("[data-testid=decide-confirm]");

        var error = provider.WaitForElement("[data-testid=decide-error]").TextContent.Trim();
        Assert.Equal("Give a reason before you confirm.", error);
    }

    /// <summary>WCAG's contrast ratio of two "#rrggbb" colours.</summary>
    private static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string hex)
    {
        double Channel(int offset)
        {
            var c = int.Parse(hex.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(1) + 0.7152 * Channel(3) + 0.0722 * Channel(5);
    }
}
