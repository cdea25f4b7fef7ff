namespace StandingsManager.Core.Accounts;

/// <summary>Why a character's grant cannot be used for what is asked; <see cref="None"/> when it can.</summary>
public enum GrantProblem
{
    None,
    NotGranted,
    NoLongerValid,
    MissingScopes,
}

/// <summary>
/// The one rule for "a valid grant with the required scopes". <see cref="Missing"/> lists the required scopes the
/// character cannot use now: all of them when there is no grant or EVE no longer accepts it, else those not granted.
/// </summary>
public sealed record GrantCheck(GrantProblem Problem, IReadOnlyList<string> Missing)
{
    public bool Ok => Problem == GrantProblem.None;

    public static GrantCheck Of(EveToken? grant, IEnumerable<string> required)
    {
        var scopes = required.ToList();
        if (grant is null)
            return new(GrantProblem.NotGranted, scopes);
        if (grant.Status != TokenStatus.Valid)
            return new(GrantProblem.NoLongerValid, scopes);
        var missing = grant.MissingScopes(scopes);
        return new(missing.Count > 0 ? GrantProblem.MissingScopes : GrantProblem.None, missing);
    }
}
