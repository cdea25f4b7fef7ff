using StandingsManager.Core;
using StandingsManager.Core.Eve;

namespace StandingsManager.App.Demo;

public static class DemoDefaults
{
    /// <summary>In demo mode the home organisation is the demo alliance, unless the operator named one.</summary>
    public static WebApplicationBuilder AddDemoDefaults(this WebApplicationBuilder builder)
    {
        if (!(builder.Configuration.GetSection(EveOptions.SectionName).Get<EveOptions>() ?? new EveOptions()).IsDemo)
            return builder;
        builder.Services.PostConfigure<StandingsOptions>(o =>
        {
            if (o.Organization.CorporationIds.Length == 0 && o.Organization.AllianceIds.Length == 0)
                o.Organization.AllianceIds = [DemoUniverse.HomeAllianceId];
        });
        return builder;
    }
}
