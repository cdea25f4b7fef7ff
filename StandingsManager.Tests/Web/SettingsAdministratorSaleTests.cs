using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Demo;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>A character listed in Standings:Administrators that EVE moves to another account does not hand the app over.</summary>
public sealed class SettingsAdministratorSaleTests
{
    [Fact]
    public async Task The_buyer_of_a_settings_administrators_character_signs_in_without_the_settings_role()
    {
        await using var app = new StandingsAppFactory(new() { ["Standings:Administrators:0"] = DemoPersonas.Member.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var ct = TestContext.Current.CancellationToken;
        using (var seller = new DemoSignIn(app.BaseAddress))
        {
            await seller.SignInAsync(DemoPersonas.Member);
            using var before = await seller.Client.GetAsync("/admin/users", ct);
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        app.Services.GetRequiredService<DemoSsoServer>().ChangeOwner(DemoPersonas.Member, "the-buyers-owner-hash");
        using var buyer = new DemoSignIn(app.BaseAddress);
        await buyer.SignInAsync(DemoPersonas.Member);
        using var after = await buyer.Client.GetAsync("/admin/users", ct);

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/access-denied", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var adminAccount = await app.AccountOfAsync(DemoPersonas.Administrator);
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.AccountId == adminAccount && n.Title.Contains("changed hands"), ct)));
    }
}
