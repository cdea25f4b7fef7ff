using Microsoft.Extensions.Options;

namespace StandingsManager.App.Operations;

/// <summary><c>Metrics</c>: the Prometheus endpoint, off unless an operator turns it on.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Serve <c>/metrics</c> (Prometheus text format).</summary>
    public bool Enabled { get; set; }

    /// <summary>When set, <c>/metrics</c> answers only on this port, which the app listens on as well as its usual addresses.</summary>
    public int? Port { get; set; }
}

public sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var problems = new List<string>();
        const string s = MetricsOptions.SectionName;
        if (options.Port is { } port && port is < 1 or > 65535)
            problems.Add($"{s}:Port must be a TCP port from 1 to 65535; it is {port}.");
        if (options.Port is not null && !options.Enabled)
            problems.Add($"{s}:Port is set but {s}:Enabled is false: set {s}:Enabled=true to serve /metrics, or remove {s}:Port.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
