using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>An instance deployed without its <c>appsettings.json</c> runs on the code's defaults, which must be the closed ones.</summary>
public sealed class MissingSettingsFileTests
{
    [Fact]
    public async Task Without_appsettings_json_a_stranger_who_signs_in_gets_no_basic_access()
    {
        await using var app = new StandingsAppFactory(operatorSettingsFile: false);
        using var guest = new DemoSignIn(app.BaseAddress);
        using var member = new DemoSignIn(app.BaseAddress);
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        Assert.Null(configuration["Standings:BasicAccessStates:0"]); // nothing from the file: the code's defaults decide
        Assert.Null(configuration["Standings:LabelName"]);

        await guest.SignInAsync(DemoPersonas.Guest);
        await member.SignInAsync(DemoPersonas.Member);
        using var refused = await guest.Client.GetAsync("/request-standings", TestContext.Current.CancellationToken);
        using var allowed = await member.Client.GetAsync("/request-standings", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/access-denied", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }
}
