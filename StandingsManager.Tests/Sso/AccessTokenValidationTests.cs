using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using StandingsManager.App.Auth;
using StandingsManager.App.Demo;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Sso;

/// <summary>The validator the app signs in with, against the simulated SSO's JWKS over real HTTP.</summary>
public sealed class AccessTokenValidationTests(AccessTokenValidationTests.Server server) : IClassFixture<AccessTokenValidationTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public StandingsAppFactory App { get; } = new();
        public ValueTask InitializeAsync() => ValueTask.CompletedTask;
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private static readonly DemoSsoServer.Grant Mia = new(DemoPersonas.Member, "Mia Member", "owner-hash-mia",
        [EveScopes.ReadContacts, EveScopes.WriteContacts], DemoEve.ClientId, null, default);

    private DemoSsoServer Sso => server.App.Services.GetRequiredService<DemoSsoServer>();

    private Task<EveTokenIdentity> ValidateAsync(string token, string clientId = DemoEve.ClientId)
    {
        _ = server.App.BaseAddress;
        var locator = server.App.Services.GetRequiredService<EveSsoLocator>();
        return server.App.Services.GetRequiredService<EveAccessTokenValidator>().ValidateAsync(token, locator.BackChannel.Jwks, clientId, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_valid_token_yields_character_owner_and_scopes()
    {
        var identity = await ValidateAsync(Sso.CreateAccessToken(Mia));

        Assert.Equal(DemoPersonas.Member, identity.CharacterId);
        Assert.Equal("Mia Member", identity.Name);
        Assert.Equal("owner-hash-mia", identity.OwnerHash);
        Assert.Equal([EveScopes.ReadContacts, EveScopes.WriteContacts], identity.Scopes);
    }

    [Fact]
    public async Task A_single_scope_sent_as_a_string_is_read_too()
    {
        var identity = await ValidateAsync(Sso.CreateAccessToken(Mia with { Scopes = [EveScopes.ReadContacts] }));

        Assert.Equal([EveScopes.ReadContacts], identity.Scopes);
    }

    [Fact]
    public async Task Both_issuer_forms_of_EVE_are_accepted()
    {
        var identity = await ValidateAsync(Sso.CreateAccessToken(Mia, issuer: "https://login.eveonline.com"));

        Assert.Equal(DemoPersonas.Member, identity.CharacterId);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_refused()
    {
        using var rsa = RSA.Create(2048);
        var forged = Sso.CreateAccessToken(Mia, key: new RsaSecurityKey(rsa) { KeyId = DemoSsoServer.KeyId });

        var error = await Assert.ThrowsAsync<EveTokenRejectedException>(() => ValidateAsync(forged));

        Assert.Contains("bad signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var error = await Assert.ThrowsAsync<EveTokenRejectedException>(() => ValidateAsync(Sso.CreateAccessToken(Mia, issuer: "login.evil.example")));

        Assert.Contains("wrong issuer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var error = await Assert.ThrowsAsync<EveTokenRejectedException>(() => ValidateAsync(Sso.CreateAccessToken(Mia, audience: "Not EVE")));

        Assert.Contains("wrong audience", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_issued_to_another_application_is_refused()
    {
        var error = await Assert.ThrowsAsync<EveTokenRejectedException>(() => ValidateAsync(Sso.CreateAccessToken(Mia), clientId: "someone-else"));

        Assert.Contains("another application", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var expired = Sso.CreateAccessToken(Mia, expires: DateTimeOffset.UtcNow.AddMinutes(-5));

        var error = await Assert.ThrowsAsync<EveTokenRejectedException>(() => ValidateAsync(expired));

        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_is_refused_without_echoing_it()
    {
        const string garbage = "not-a-jwt-but-a-secret-looking-string";

        var error = await Assert.ThrowsAsync<EveTokenRejectedException>(() => ValidateAsync(garbage));

        Assert.DoesNotContain(garbage, error.Message, StringComparison.Ordinal);
    }
}
