using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace StandingsManager.App.Auth;

public static class SessionRevalidationExtensions
{
    /// <summary>Open pages and hub connections re-check their session and roles (<see cref="RevalidationOptions"/>).</summary>
    public static WebApplicationBuilder AddSessionRevalidation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RevalidationOptions>().BindConfiguration(RevalidationOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RevalidationOptions>, RevalidationOptionsValidator>();
        builder.Services.AddSingleton<SignedInCheck>();
        // Replaces the framework's ServerAuthenticationStateProvider, which keeps whatever the circuit started with.
        builder.Services.AddScoped<AuthenticationStateProvider, RevalidatingAuthStateProvider>();
        return builder;
    }
}
