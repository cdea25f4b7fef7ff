using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve.Sso;

namespace StandingsManager.Tests.Accounts;

/// <summary>The one "valid grant with the required scopes" rule every workflow asks.</summary>
public sealed class GrantCheckTests
{
    private static readonly string[] Required = [.. EveScopes.Contacts, EveScopes.CorporationContacts];

    private static EveToken Grant(TokenStatus status, params string[] scopes) =>
        new() { CharacterId = 1, EncryptedRefreshToken = "x", Status = status, Scopes = string.Join(' ', scopes) };

    [Fact]
    public void A_valid_grant_with_every_required_scope_passes()
    {
        var check = GrantCheck.Of(Grant(TokenStatus.Valid, [.. Required, "publicData"]), Required);

        Assert.True(check.Ok);
        Assert.Equal(GrantProblem.None, check.Problem);
        Assert.Empty(check.Missing);
    }

    [Fact]
    public void No_grant_misses_every_required_scope()
    {
        var check = GrantCheck.Of(null, Required);

        Assert.Equal(GrantProblem.NotGranted, check.Problem);
        Assert.Equal(Required, check.Missing);
    }

    [Fact]
    public void A_grant_EVE_no_longer_accepts_fails_even_with_every_scope_and_misses_them_all()
    {
        var check = GrantCheck.Of(Grant(TokenStatus.Invalid, Required), Required);

        Assert.False(check.Ok);
        Assert.Equal(GrantProblem.NoLongerValid, check.Problem);
        Assert.Equal(Required, check.Missing);
    }

    [Fact]
    public void A_valid_grant_names_only_the_scopes_it_lacks_in_the_required_order()
    {
        var check = GrantCheck.Of(Grant(TokenStatus.Valid, EveScopes.ReadContacts), Required);

        Assert.Equal(GrantProblem.MissingScopes, check.Problem);
        Assert.Equal([.. Required.Where(s => s != EveScopes.ReadContacts)], check.Missing);
    }

    [Fact]
    public void Nothing_required_passes_any_valid_grant()
    {
        Assert.True(GrantCheck.Of(Grant(TokenStatus.Valid), []).Ok);
        Assert.Equal(GrantProblem.NotGranted, GrantCheck.Of(null, []).Problem);
    }
}
