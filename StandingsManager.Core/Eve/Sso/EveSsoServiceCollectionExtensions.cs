using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Eve.Esi;

namespace StandingsManager.Core.Eve.Sso;

public static class EveSsoServiceCollectionExtensions
{
    /// <summary>
    /// The <c>Eve</c> settings, access-token validation against the SSO's JWKS, the token client and the encrypted
    /// token store. The host registers <see cref="IEveSsoSettings"/> (where SSO is) and Data Protection (the keys).
    /// </summary>
    public static IServiceCollection AddEveSso(this IServiceCollection services)
    {
        services.AddOptions<EveOptions>().BindConfiguration(EveOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EveOptions>, EveOptionsValidator>();
        // EVE asks for the same User-Agent on SSO calls as on ESI calls.
        services.AddHttpClient(EveAccessTokenValidator.HttpClientName, (sp, client) =>
            client.DefaultRequestHeaders.UserAgent.ParseAdd(EsiServiceCollectionExtensions.UserAgent(sp.GetRequiredService<IOptions<EveOptions>>().Value.UserAgentContact)));
        services.AddSingleton<EveAccessTokenValidator>();
        services.AddSingleton<EveSsoClient>();
        services.AddSingleton<EveTokenStore>();
        return services;
    }
}
