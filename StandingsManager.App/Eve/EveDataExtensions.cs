using Microsoft.Extensions.Options;
using StandingsManager.Core;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Requests;

namespace StandingsManager.App.Eve;

public static class EveDataExtensions
{
    /// <summary>Where ESI is (the simulator in demo mode) and what the workflow asks of EVE.</summary>
    public static WebApplicationBuilder AddEveData(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SelfAddress>();
        builder.Services.AddSingleton<IEsiBaseAddress, EveEsiBaseAddress>();
        builder.Services.AddOptions<EsiClientOptions>().BindConfiguration(EsiClientOptions.SectionName);
        builder.Services.AddTransient<ICorporationDirectory, EsiCorporationDirectory>();
        return builder;
    }
}

/// <summary>Configured ESI, or in demo mode without one, the simulator in this very process.</summary>
internal sealed class EveEsiBaseAddress(IOptions<EveOptions> options, SelfAddress self) : IEsiBaseAddress
{
    public Uri BaseAddress => options.Value switch
    {
        { EsiBaseUrl: { Length: > 0 } configured } => new Uri(configured),
        { IsDemo: true } => self.BaseUri,
        _ => new Uri(EveOptions.DefaultEsiBaseUrl),
    };
}

/// <summary>Corporation facts straight from ESI, never from a cache: member counts decide corporation requests.</summary>
internal sealed class EsiCorporationDirectory(EsiClient esi) : ICorporationDirectory
{
    public async Task<CorporationFacts> GetCorporationAsync(long corporationId, CancellationToken ct)
    {
        try
        {
            var corporation = (await esi.GetCorporationAsync(corporationId, ct)).Value;
            return new CorporationFacts(corporationId, corporation.Name, (int)Math.Min(corporation.MemberCount, int.MaxValue), corporation.AllianceId);
        }
        catch (EsiException ex)
        {
            throw WorkflowException.Invalid($"EVE could not tell us about corporation {corporationId} just now ({ex.StatusCode?.ToString() ?? "no answer"}); try again in a minute.");
        }
    }
}
