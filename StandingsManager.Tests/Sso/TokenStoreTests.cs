using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StandingsManager.App.Demo;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Persistence;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Sso;

/// <summary>The token store against the simulated SSO over real HTTP: encryption, rotation, single-flight, failures.</summary>
public sealed class TokenStoreTests : IAsyncLifetime
{
    private const long AltId = 90_000_099;
    private const string AltOwner = "alt-owner-hash";
    private readonly CapturingLoggerProvider _logs = new();
    private readonly SsoCallCounter _counter = new();
    private readonly StandingsAppFactory _app;

    public TokenStoreTests()
    {
        _app = new StandingsAppFactory(
            new() { ["Logging:LogLevel:Default"] = "Debug" },
            services =>
            {
                services.AddSingleton<ILoggerProvider>(_logs);
                services.AddHttpClient(EveAccessTokenValidator.HttpClientName).AddHttpMessageHandler(() => new ForwardingCounter(_counter));
            });
    }

    public ValueTask InitializeAsync()
    {
        _ = _app.BaseAddress;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private DemoSsoServer Sso => _app.Services.GetRequiredService<DemoSsoServer>();
    private EveTokenStore Store => _app.Services.GetRequiredService<EveTokenStore>();

    /// <summary>Mia adds an alt with contact scopes, the way the add-character callback does; returns the refresh token EVE issued.</summary>
    private Task<string> LinkAltAsync(IReadOnlyList<string>? scopes = null) =>
        _app.LinkAsync(DemoPersonas.Member, new DemoSsoServer.Grant(AltId, "Mia Alt", AltOwner, scopes ?? EveScopes.Contacts, DemoEve.ClientId, null, default), Ct);

    private Task<int> MiaAccountAsync() => _app.AccountOfAsync(DemoPersonas.Member);

    /// <summary>Puts another refresh token in the alt's stored grant, encrypted as the store keeps it.</summary>
    private Task<int> StoreRefreshTokenAsync(string refreshToken) => _app.WithDbAsync(async db =>
    {
        var token = await db.Tokens.SingleAsync(t => t.CharacterId == AltId, Ct);
        token.EncryptedRefreshToken = Store.Protect(refreshToken);
        return await db.SaveChangesAsync(Ct);
    });

    private Task<EveToken> StoredTokenAsync() => _app.WithDbAsync(db => db.Tokens.AsNoTracking().SingleAsync(t => t.CharacterId == AltId, Ct));

    private string Decrypt(string protectedText) =>
        _app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("StandingsManager.RefreshTokens.v1").Unprotect(protectedText);

    [Fact]
    public async Task The_refresh_token_is_stored_encrypted_with_its_scopes()
    {
        var refresh = await LinkAltAsync();

        var stored = await StoredTokenAsync();

        Assert.DoesNotContain(refresh, stored.EncryptedRefreshToken, StringComparison.Ordinal);
        Assert.Equal(refresh, Decrypt(stored.EncryptedRefreshToken));
        Assert.Equal(string.Join(' ', EveScopes.Contacts), stored.Scopes);
        Assert.Equal(TokenStatus.Valid, stored.Status);
    }

    [Fact]
    public async Task A_refresh_stores_the_rotated_token_and_the_old_one_is_spent()
    {
        var original = await LinkAltAsync();

        var access = await Store.GetAccessTokenAsync(AltId, Ct);

        var rotated = Decrypt((await StoredTokenAsync()).EncryptedRefreshToken);
        Assert.NotEqual(original, rotated);
        Assert.Null(Sso.Refresh(original, DemoEve.ClientId)); // the simulator, like EVE, forgets a rotated token
        Assert.False(string.IsNullOrEmpty(access));
        Assert.Equal(1, _counter.TokenCalls);
        Assert.StartsWith("StandingsManager/", _counter.LastUserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JWKS_outage_during_a_refresh_keeps_the_rotated_grant_usable()
    {
        var original = await LinkAltAsync();
        Sso.JwksUnavailable = true;

        // EVE rotates the refresh token, then the signing keys cannot be fetched to check the new access token.
        await Assert.ThrowsAsync<EveSsoUnavailableException>(() => Store.GetAccessTokenAsync(AltId, Ct));

        var stored = await StoredTokenAsync();
        Assert.Equal(TokenStatus.Valid, stored.Status);
        Assert.NotEqual(original, Decrypt(stored.EncryptedRefreshToken)); // EVE spent the original: we hold the rotated one
        Assert.Null(Sso.Refresh(original, DemoEve.ClientId));

        Sso.JwksUnavailable = false;
        var access = await Store.GetAccessTokenAsync(AltId, Ct);

        Assert.False(string.IsNullOrEmpty(access));
        Assert.Equal(2, _counter.TokenCalls);
        Assert.Equal(TokenStatus.Valid, (await StoredTokenAsync()).Status);
    }

    [Fact]
    public async Task Two_concurrent_callers_cause_one_refresh()
    {
        await LinkAltAsync();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Store.GetAccessTokenAsync(AltId, Ct)));

        Assert.Equal(1, _counter.TokenCalls);
        Assert.Single(tokens.Distinct());
    }

    [Fact]
    public async Task Invalid_grant_marks_the_token_invalid_and_tells_the_owner()
    {
        await LinkAltAsync();
        // A grant EVE no longer knows: what a revoked app or a password change leaves behind.
        await StoreRefreshTokenAsync("revoked-grant");

        await Assert.ThrowsAsync<EveGrantRevokedException>(() => Store.GetAccessTokenAsync(AltId, Ct));
        var missing = await Assert.ThrowsAsync<EveTokenMissingException>(() => Store.GetAccessTokenAsync(AltId, Ct));

        var stored = await StoredTokenAsync();
        Assert.Equal(TokenStatus.Invalid, stored.Status);
        Assert.Contains("invalid_grant", stored.InvalidReason, StringComparison.Ordinal);
        // Written by whichever run refreshed, read by the owner in their own language.
        using (CoreLanguage.Speak("de"))
            Assert.StartsWith("EVE SSO akzeptiert die Freigabe dieses Charakters nicht mehr (invalid_grant", stored.ShownInvalidReason, StringComparison.Ordinal);
        Assert.Contains("add the character again", missing.Message, StringComparison.Ordinal);
        Assert.Equal(1, _counter.TokenCalls); // the dead grant is not tried again
        var mia = await MiaAccountAsync();
        Assert.True(await _app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.AccountId == mia && n.Title.Contains("Mia Alt"), Ct)));
    }

    [Fact]
    public async Task The_simulators_invalid_grant_hook_is_handled_like_EVEs()
    {
        await LinkAltAsync();
        Sso.FailNextRefreshFor(AltId);

        await Assert.ThrowsAsync<EveGrantRevokedException>(() => Store.GetAccessTokenAsync(AltId, Ct));

        Assert.Equal(TokenStatus.Invalid, (await StoredTokenAsync()).Status);
    }

    [Fact]
    public async Task A_character_sold_in_the_simulator_loses_its_grant_here()
    {
        await LinkAltAsync();
        Sso.ChangeOwner(AltId, "the-buyers-owner-hash");

        // EVE revokes a sold character's grants: the refresh answers invalid_grant.
        await Assert.ThrowsAsync<EveGrantRevokedException>(() => Store.GetAccessTokenAsync(AltId, Ct));

        Assert.Equal(TokenStatus.Invalid, (await StoredTokenAsync()).Status);
    }

    [Fact]
    public async Task Contacts_are_not_read_without_the_scopes_the_state_requires()
    {
        await LinkAltAsync([EveScopes.ReadContacts]);
        var mia = await MiaAccountAsync();
        using var scope = _app.Services.CreateScope();

        var refusal = await Assert.ThrowsAsync<StandingsManager.Core.WorkflowException>(() =>
            scope.ServiceProvider.GetRequiredService<StandingsManager.Core.Sync.ContactsInspector>().InspectAsync(mia, AltId, Ct));

        Assert.Contains("has not granted esi-characters.write_contacts.v1", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, _counter.TokenCalls); // refused before any call to EVE
    }

    [Fact]
    public async Task Contacts_are_not_read_with_a_grant_EVE_no_longer_accepts()
    {
        await LinkAltAsync();
        await _app.WithDbAsync(db => db.Tokens.Where(t => t.CharacterId == AltId).ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, TokenStatus.Invalid), Ct));
        var mia = await MiaAccountAsync();
        using var scope = _app.Services.CreateScope();

        var refusal = await Assert.ThrowsAsync<StandingsManager.Core.WorkflowException>(() =>
            scope.ServiceProvider.GetRequiredService<StandingsManager.Core.Sync.ContactsInspector>().InspectAsync(mia, AltId, Ct));

        // Refused by the same grant check a sync makes, with the same advice, before the token store is asked.
        Assert.Equal("EVE no longer accepts this character's grant: add it again on the Characters page.", refusal.Message);
        Assert.Equal(0, _counter.TokenCalls);
    }

    [Fact]
    public async Task An_unreachable_SSO_keeps_the_token_valid()
    {
        await LinkAltAsync();
        var services = _app.Services;
        var unreachable = new UnreachableSso();
        using var store = new EveTokenStore(
            services.GetRequiredService<IDbContextFactory<StandingsDbContext>>(),
            services.GetRequiredService<IDataProtectionProvider>(),
            new EveSsoClient(services.GetRequiredService<IHttpClientFactory>(), unreachable),
            services.GetRequiredService<EveAccessTokenValidator>(),
            unreachable, TimeProvider.System, services.GetRequiredService<ILogger<EveTokenStore>>());

        await Assert.ThrowsAsync<EveSsoUnavailableException>(() => store.GetAccessTokenAsync(AltId, Ct));

        Assert.Equal(TokenStatus.Valid, (await StoredTokenAsync()).Status);
    }

    [Fact]
    public async Task Locks_and_access_tokens_of_characters_that_come_and_go_are_not_kept()
    {
        var services = _app.Services;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero));
        using var store = new EveTokenStore(
            services.GetRequiredService<IDbContextFactory<StandingsDbContext>>(),
            services.GetRequiredService<IDataProtectionProvider>(),
            services.GetRequiredService<EveSsoClient>(),
            services.GetRequiredService<EveAccessTokenValidator>(),
            services.GetRequiredService<IEveSsoSettings>(), time, services.GetRequiredService<ILogger<EveTokenStore>>());
        var mostAccessTokens = 0;

        // 10,000 characters, 50 a minute: each signs in (its access token is remembered) and, once that token is due,
        // two callers at once ask for a new one. They hold no grant here, so each refresh, under the lock, finds none.
        var due = new List<long>();
        for (var first = 1; first <= 10_000; first += 50)
        {
            var arriving = Enumerable.Range(first, 50).Select(i => 1_000_000_000L + i).ToArray();
            foreach (var id in arriving)
                store.Remember(id, $"access-{id}", time.GetUtcNow() + TimeSpan.FromMinutes(20));
            var leaving = due.Where(id => id <= arriving[0] - 50 * 20).ToArray();
            var refreshes = leaving.SelectMany(id => new[] { store.GetAccessTokenAsync(id, Ct), store.GetAccessTokenAsync(id, Ct) }).ToArray();
            foreach (var refresh in refreshes)
                await Assert.ThrowsAsync<EveTokenMissingException>(() => refresh);
            due.RemoveAll(id => id <= arriving[0] - 50 * 20);
            due.AddRange(arriving);

            Assert.Equal(0, store.Tracked.RefreshLocks);
            mostAccessTokens = Math.Max(mostAccessTokens, store.Tracked.AccessTokens);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        // Tokens live 20 minutes and are swept every 5: about 25 minutes of arrivals at most.
        Assert.InRange(mostAccessTokens, 50, 50 * 26);
        time.Advance(TimeSpan.FromHours(1));
        store.Remember(AltId, "access-alt", time.GetUtcNow() + TimeSpan.FromMinutes(20));
        Assert.Equal((0, 1), store.Tracked);
    }

    [Fact]
    public async Task A_changed_owner_hash_drops_the_character_and_tells_the_user()
    {
        await LinkAltAsync();
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<StandingsDbContext>>().CreateDbContextAsync(Ct))
        {
            // We knew the character under another owner: EVE now vouches for a different human.
            var alt = await db.Characters.SingleAsync(c => c.Id == AltId, Ct);
            alt.OwnerHash = "previous-owner";
            await db.SaveChangesAsync(Ct);
        }

        var error = await Assert.ThrowsAsync<EveGrantRevokedException>(() => Store.GetAccessTokenAsync(AltId, Ct));

        Assert.Contains("moved to another EVE account", error.Message, StringComparison.Ordinal);
        Assert.False(await _app.WithDbAsync(db => db.Characters.AnyAsync(c => c.Id == AltId, Ct)));
        Assert.False(await _app.WithDbAsync(db => db.Tokens.AnyAsync(t => t.CharacterId == AltId, Ct)));
        Assert.True(await _app.WithDbAsync(db => db.Audit.AnyAsync(a => a.SubjectId == AltId && a.Action == AuditAction.CharacterTransferred, Ct)));
    }

    [Fact]
    public async Task No_token_text_reaches_a_log_line()
    {
        var refresh = await LinkAltAsync();
        var access = await Store.GetAccessTokenAsync(AltId, Ct);
        var rotated = Decrypt((await StoredTokenAsync()).EncryptedRefreshToken);
        using (var browser = new DemoSignIn(_app.BaseAddress))
            await browser.SignInAsync(DemoPersonas.Member);
        await StoreRefreshTokenAsync("revoked-grant-secret");
        Store.Forget(AltId);
        await Assert.ThrowsAsync<EveGrantRevokedException>(() => Store.GetAccessTokenAsync(AltId, Ct));

        Assert.NotEmpty(_logs.Lines);
        foreach (var secret in new[] { refresh, access, rotated, "revoked-grant-secret" })
            Assert.DoesNotContain(_logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
    }

    /// <summary>A fresh handler per pipeline, counting into the test's shared counter.</summary>
    private sealed class ForwardingCounter(SsoCallCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Count(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
