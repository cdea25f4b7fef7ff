using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Components.Pages.Api;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Api;
using StandingsManager.Core.Audit;

namespace StandingsManager.Tests.Components;

public sealed class ApiKeysPageTests : PageTestContext
{
    private async Task<int> SignInAdminAsync()
    {
        var admin = await SeedAccountAsync("Ada Admiral", 9001, Role.Administrator);
        SignIn(admin, "Ada Admiral", Role.Administrator);
        return admin;
    }

    [Fact]
    public async Task Creating_shows_the_key_once_with_a_copy_button_and_lists_it_without_the_key()
    {
        await SignInAdminAsync();
        var cut = RenderPage<ApiKeysPage>();
        cut.WaitForElement("[data-testid=api-keys-empty]");

        cut.ChangeWhenShown("[data-testid=api-key-name]", "Intel bot");
        cut.WhenShown("[data-testid=api-key-scope-audit-read]", scope => (scope.TagName == "INPUT" ? scope : scope.QuerySelector("input")!).Change(true));
        cut.ClickWhenShown("[data-testid=api-key-create]");

        var secret = cut.WaitForElement("[data-testid=api-key-secret]").TextContent;
        Assert.StartsWith(ApiKeys.KeyPrefix, secret, StringComparison.Ordinal);
        Assert.Contains("will not be shown again", cut.Find("[data-testid=api-key-created]").TextContent, StringComparison.Ordinal);
        await using var db = NewDb();
        var id = (await db.ApiKeys.SingleAsync(Ct)).Id;
        // The list reloads after creating (a moment later on PostgreSQL): wait for it before pressing Copy.
        cut.WaitForAssertion(() => Assert.Equal("standings:read, audit:read", cut.Find($"[data-testid=api-key-scopes-{id}]").TextContent));
        cut.ClickWhenShown("[data-testid=api-key-copy]");
        cut.WaitForAssertion(() => Assert.Equal(secret, JSInterop.Invocations["navigator.clipboard.writeText"].Single().Arguments.Single()));
        Assert.Equal("never", cut.Find($"[data-testid=api-key-used-{id}]").TextContent);

        cut.ClickWhenShown("[data-testid=api-key-dismiss]");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=api-key-secret]")));
        Assert.DoesNotContain(secret, cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_without_a_name_is_refused_and_revoke_marks_the_key_and_audits()
    {
        var admin = await SignInAdminAsync();
        var keys = Services.GetRequiredService<ApiKeys>();
        var key = await keys.CreateAsync(admin, "Mapper", [ApiScopes.StandingsRead], null, Ct);
        var cut = RenderPage<ApiKeysPage>();
        cut.WaitForElement($"[data-testid=api-key-{key.Row.Id}]");

        cut.ClickWhenShown("[data-testid=api-key-create]");
        await using (var db = NewDb())
            Assert.Equal(1, await db.ApiKeys.CountAsync(Ct));
        Assert.Empty(cut.FindAll("[data-testid=api-key-created]"));

        cut.ClickWhenShown($"[data-testid=api-key-revoke-{key.Row.Id}]");
        cut.WaitForElement($"[data-testid=api-key-revoked-{key.Row.Id}]");
        Assert.Empty(cut.FindAll($"[data-testid=api-key-revoke-{key.Row.Id}]"));
        await using var check = NewDb();
        Assert.Equal("Mapper", (await check.Audit.SingleAsync(a => a.Action == AuditAction.ApiKeyRevoked, Ct)).SubjectName);
    }

    [Fact]
    public async Task Someone_who_is_not_an_administrator_gets_no_keys()
    {
        var approver = await SeedAccountAsync("Apollo Approver", 9002, Role.Approver);
        var admin = await SeedAccountAsync("Ada Admiral", 9001, Role.Administrator);
        await Services.GetRequiredService<ApiKeys>().CreateAsync(admin, "Mapper", [ApiScopes.StandingsRead], null, Ct);
        // Claims that say Administrator: Core still reads the role from the database.
        SignInClaiming(approver, "Apollo Approver", "Administrator");

        var cut = RenderPage<ApiKeysPage>();

        Assert.Contains("Administrator role", cut.WaitForElement("[data-testid=api-keys-refused]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Mapper", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid^=api-key-revoke-]"));
    }
}
