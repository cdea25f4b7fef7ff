using Microsoft.Extensions.Options;

namespace StandingsManager.App.Auth;

/// <summary><c>Sessions</c>: how often open pages and hub connections check that their sign-in still holds.</summary>
public sealed class RevalidationOptions
{
    public const string SectionName = "Sessions";

    /// <summary>
    /// How often an open page (Blazor circuit) and a <c>/hubs/sync</c> connection re-read their session and roles from the
    /// database; a role change is pushed at once as well.
    /// </summary>
    public TimeSpan RevalidateEvery { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class RevalidationOptionsValidator : IValidateOptions<RevalidationOptions>
{
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    public ValidateOptionsResult Validate(string? name, RevalidationOptions options) =>
        options.RevalidateEvery <= TimeSpan.Zero || options.RevalidateEvery > Longest
            ? ValidateOptionsResult.Fail(
                $"{RevalidationOptions.SectionName}:RevalidateEvery must be more than 0 and at most {Longest:c} (a signed-out or demoted user must lose open pages quickly); it is {options.RevalidateEvery:c}.")
            : ValidateOptionsResult.Success;
}
