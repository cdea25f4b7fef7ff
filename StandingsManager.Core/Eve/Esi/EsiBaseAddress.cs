using Microsoft.Extensions.Options;

namespace StandingsManager.Core.Eve.Esi;

/// <summary>
/// Where ESI lives. Resolved each time an <see cref="EsiClient"/> is created, so the App's demo mode can
/// register its own implementation pointing at its built-in simulator once its address is known.
/// </summary>
public interface IEsiBaseAddress
{
    Uri BaseAddress { get; }
}

/// <summary>The default: <c>Eve:EsiBaseUrl</c>, else the real ESI.</summary>
public sealed class ConfiguredEsiBaseAddress(IOptions<EveOptions> options) : IEsiBaseAddress
{
    public Uri BaseAddress => new(string.IsNullOrWhiteSpace(options.Value.EsiBaseUrl) ? EveOptions.DefaultEsiBaseUrl : options.Value.EsiBaseUrl);
}
