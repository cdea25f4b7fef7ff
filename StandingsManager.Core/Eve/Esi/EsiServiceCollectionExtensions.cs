using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace StandingsManager.Core.Eve.Esi;

public static class EsiServiceCollectionExtensions
{
    /// <summary>
    /// The ESI gate, the typed <see cref="EsiClient"/> and its retry pipeline. Register an
    /// <see cref="IEsiBaseAddress"/> of your own (before or after) to point the client elsewhere, e.g. the demo simulator.
    /// </summary>
    public static IServiceCollection AddEsiClient(this IServiceCollection services)
    {
        services.AddOptions<EveOptions>();
        // The host binds the settings (the App from its Esi section); they are checked however they were set.
        services.AddOptions<EsiClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EsiClientOptions>, EsiClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEsiBaseAddress, ConfiguredEsiBaseAddress>();
        // One gate per process: ESI's error budget is per application and IP, not per client instance.
        services.TryAddSingleton<EsiGate>();

        services.AddHttpClient<EsiClient>((sp, client) =>
                ConfigureDefaults(client, sp.GetRequiredService<IEsiBaseAddress>().BaseAddress, sp.GetRequiredService<IOptions<EveOptions>>().Value))
            .RedactLoggedHeaders(["Authorization"])
            .AddResilienceHandler("esi", (builder, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<EsiClientOptions>>().Value;
                // Backoff and attempt timeouts follow the app's clock, so tests can drive them with a fake one.
                builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
                builder.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    Delay = options.RetryBaseDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    // 420 and 429 are the gate's business (wait for the window), never a quick retry.
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) && IsSafeToRepeat(args.Context.GetRequestMessage())),
                });
                builder.AddTimeout(options.AttemptTimeout);
            });
        return services;
    }

    /// <summary>Only gateway failures and transport faults are worth retrying at once; every 4xx costs error budget and will fail again.</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } => true,
        _ => false,
    };

    /// <summary>
    /// Adding contacts is not repeated blindly: if the game applied a first attempt that timed out, a
    /// retry's 201 lists only what it created itself and the rest would look failed. The caller re-reads.
    /// </summary>
    internal static bool IsSafeToRepeat(HttpRequestMessage? request) =>
        request is null || request.Method != HttpMethod.Post || request.RequestUri?.AbsolutePath.EndsWith("/contacts", StringComparison.Ordinal) != true;

    /// <summary>Base address and the headers CCP asks every request to carry.</summary>
    internal static void ConfigureDefaults(HttpClient client, Uri baseAddress, EveOptions eve)
    {
        client.BaseAddress = baseAddress;
        client.DefaultRequestHeaders.Add("X-Compatibility-Date", eve.CompatibilityDate);
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent(eve.UserAgentContact));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary><c>StandingsManager/1.2.3 (ops@example.com) dotnet/10</c>: CCP wants a name, version and contact so they can reach us instead of banning us.</summary>
    public static string UserAgent(string? contact)
    {
        var version = typeof(EsiClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        version = version.Split('+')[0];
        // Parentheses or line breaks would end the comment early or split the header.
        var clean = new string((contact ?? "").Where(c => c is not ('(' or ')' or '\r' or '\n')).ToArray()).Trim();
        return clean.Length == 0 ? $"StandingsManager/{version} dotnet/10" : $"StandingsManager/{version} ({clean}) dotnet/10";
    }
}
