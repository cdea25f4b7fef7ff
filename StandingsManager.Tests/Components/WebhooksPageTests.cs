using Bunit;
using Microsoft.EntityFrameworkCore;
using StandingsManager.App.Components.Pages.Webhooks;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Webhooks;

namespace StandingsManager.Tests.Components;

public sealed class WebhooksPageTests : PageTestContext
{
    // A public address written as a number: registration resolves nothing, so the test needs no DNS.
    private const string PublicUrl = "https://93.184.215.14/hooks/standings";

    private async Task<int> SignInAdminAsync()
    {
        var admin = await SeedAccountAsync("Ada Admiral", 9001, Role.Administrator);
        SignIn(admin, "Ada Admiral", Role.Administrator);
        return admin;
    }

    [Fact]
    public async Task Registering_shows_the_secret_once_and_the_webhook_in_the_table()
    {
        await SignInAdminAsync();
        var cut = RenderPage<WebhooksPage>();

        cut.WaitForElement("[data-testid=webhooks-none]");
        cut.InputWhenShown("[data-testid=webhook-url]", PublicUrl);
        cut.ClickWhenShown("[data-testid=webhook-save]");

        cut.WaitForAssertion(() => Assert.StartsWith("whsec_", cut.Find("[data-testid=webhook-secret]").TextContent, StringComparison.Ordinal));
        var secret = cut.Find("[data-testid=webhook-secret]").TextContent;
        await using var db = NewDb();
        var hook = await db.Webhooks.SingleAsync(Ct);
        Assert.Equal(StandingsList.FirstListId, hook.ListId);
        cut.WaitForAssertion(() => Assert.Equal(PublicUrl, cut.Find($"[data-testid=webhook-url-{hook.Id}]").TextContent.Trim()));
        Assert.Equal("none yet", cut.Find($"[data-testid=webhook-last-{hook.Id}]").TextContent.Trim());
        Assert.Equal("up to date", cut.Find($"[data-testid=webhook-behind-{hook.Id}]").TextContent.Trim());

        Assert.DoesNotContain(secret, hook.EncryptedSecret, StringComparison.Ordinal);
        // Shown once: the next step on the page leaves no trace of it.
        cut.ClickWhenShown($"[data-testid=webhook-edit-{hook.Id}]");
        cut.WaitForAssertion(() => Assert.DoesNotContain(secret, cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_address_says_why_and_keeps_what_was_typed()
    {
        await SignInAdminAsync();
        var cut = RenderPage<WebhooksPage>();

        cut.InputWhenShown("[data-testid=webhook-url]", "https://192.168.1.10/hook");
        cut.ClickWhenShown("[data-testid=webhook-save]");

        cut.WaitForAssertion(() => Assert.Contains("192.168.1.10, which is not a public internet address", cut.Find("[data-testid=webhook-problem]").TextContent, StringComparison.Ordinal));
        Assert.Equal("https://192.168.1.10/hook", cut.Find("[data-testid=webhook-url]").GetAttribute("value"));
        await using var db = NewDb();
        Assert.False(await db.Webhooks.AnyAsync(Ct));
    }

    [Fact]
    public async Task Shows_the_last_delivery_and_how_far_behind_then_disables_and_deletes()
    {
        var admin = await SignInAdminAsync();
        var id = await SeedRetryingWebhookAsync(PublicUrl);

        var cut = RenderPage<WebhooksPage>();

        cut.WaitForAssertion(() => Assert.Equal("2 events, since 2026-11-24 11:55:00 UTC", cut.Find($"[data-testid=webhook-behind-{id}]").TextContent.Trim()));
        Assert.Equal("2026-11-24 11:57:00 UTC · 503: The receiver answered 503 Service Unavailable. (attempt 2, next try 12:01:00 UTC)",
            cut.Find($"[data-testid=webhook-last-{id}]").TextContent.Trim());

        cut.ClickWhenShown($"[data-testid=webhook-edit-{id}]");
        cut.ChangeWhenShown("[data-testid=webhook-enabled] input", false);
        cut.ClickWhenShown("[data-testid=webhook-save]");
        cut.WaitForAssertion(() => Assert.Equal("disabled", cut.Find($"[data-testid=webhook-status-{id}]").TextContent.Trim()));

        cut.ClickWhenShown($"[data-testid=webhook-delete-{id}]");
        cut.ClickWhenShown($"[data-testid=webhook-delete-confirm-{id}]");
        cut.WaitForElement("[data-testid=webhooks-none]");
        await using var check = NewDb();
        Assert.False(await check.Webhooks.AnyAsync(Ct));
        Assert.Equal(2, await check.Audit.CountAsync(a => a.ListId == StandingsList.FirstListId && a.ActorAccountId == admin, Ct));
    }

    [Fact]
    public async Task A_claimed_administrator_whom_the_database_does_not_know_as_one_sees_the_refusal()
    {
        var account = await SeedAccountAsync("Abe Approver", 9002, Role.Approver);
        SignInClaiming(account, "Abe Approver", "Member", "Approver", "Administrator");

        var cut = RenderPage<WebhooksPage>();

        cut.WaitForAssertion(() => Assert.Equal("You need the Administrator role to manage webhooks.", cut.Find("[data-testid=webhooks-refused]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=webhook-url]"));
    }
}
