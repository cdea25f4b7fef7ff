using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using StandingsManager.Tests.TestSupport;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Accounts;

public sealed class AccountCharactersTests
{
    /// <summary>The service under test with its token store, which (like the HTTP plumbing) the rig disposes.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly ServiceProvider _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        private readonly EveTokenStore _tokens;

        public Rig(CoreTestDatabase database)
        {
            var http = _services.GetRequiredService<IHttpClientFactory>();
            var sso = new UnreachableSso();
            _tokens = new EveTokenStore(database.Factory, new EphemeralDataProtectionProvider(), new EveSsoClient(http, sso),
                new EveAccessTokenValidator(http, database.Time), sso, database.Time, NullLogger<EveTokenStore>.Instance);
            Characters = new AccountCharacters(database.Factory, database.Actors, database.States, _tokens, database.Time, database.Options, Microsoft.Extensions.Logging.Abstractions.NullLogger<AccountCharacters>.Instance);
        }

        public AccountCharacters Characters { get; }

        public async ValueTask DisposeAsync()
        {
            _tokens.Dispose();
            await _services.DisposeAsync();
        }
    }

    private static EveTokenIdentity Identity(long id, string name, string owner) => new(id, name, owner, EveScopes.Contacts, Start.AddMinutes(20));

    [Fact]
    public async Task Linking_adds_the_character_with_an_encrypted_grant()
    {
        await using var database = await CreateAsync();
        await using var rig = new Rig(database);
        var characters = rig.Characters;
        var alice = await database.AddAccountAsync(1001, "Alice Main");

        await characters.LinkAsync(alice, Identity(1003, "Alice Third", "owner-1003"), "refresh-secret", Ct);

        var rows = (await characters.OverviewAsync(alice, Ct)).Characters;
        var third = Assert.Single(rows, r => r.CharacterId == 1003);
        Assert.False(third.IsMain);
        Assert.Equal(TokenStatus.Valid, third.TokenStatus);
        Assert.Equal(EveScopes.Contacts, third.Scopes);
        await using var db = database.CreateDbContext();
        Assert.DoesNotContain("refresh-secret", (await db.Tokens.SingleAsync(Ct)).EncryptedRefreshToken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_character_of_another_account_with_the_same_owner_is_refused()
    {
        await using var database = await CreateAsync();
        await using var rig = new Rig(database);
        var characters = rig.Characters;
        var alice = await database.AddAccountAsync(1001, "Alice Main");
        var bob = await database.AddAccountAsync(2001, "Bob Main");

        var refusal = await database.RefusedAsync(WorkflowError.Conflict,
            () => characters.LinkAsync(alice, Identity(2001, "Bob Main", OwnerHashOf(2001)), "refresh", Ct));

        Assert.Contains("linked to another account", refusal.Message, StringComparison.Ordinal);
        Assert.NotEqual(alice, bob);
    }

    [Fact]
    public async Task A_sold_character_moves_and_its_standing_goes_to_the_approvers()
    {
        await using var database = await CreateAsync();
        var cast = await database.SeedCastAsync();
        await using var rig = new Rig(database);
        var characters = rig.Characters;
        await database.GrantViaRequestAsync(cast, Cast.AliceAlt);

        await characters.LinkAsync(cast.Bob, Identity(Cast.AliceAlt, "Alice Alt", "bobs-owner-hash"), "refresh", Ct);

        await using var db = database.CreateDbContext();
        Assert.Equal(cast.Bob, (await db.Characters.SingleAsync(c => c.Id == Cast.AliceAlt, Ct)).AccountId);
        var revocation = await db.Revocations.SingleAsync(Ct);
        Assert.Equal(SystemRevocationReason.CharacterTransferred, revocation.SystemReason);
        Assert.Equal(RequestStatus.Pending, revocation.Status);
    }

    [Fact]
    public async Task The_main_can_be_changed_and_only_among_own_characters()
    {
        await using var database = await CreateAsync();
        var cast = await database.SeedCastAsync();
        await using var rig = new Rig(database);
        var characters = rig.Characters;

        await characters.SetMainAsync(cast.Alice, Cast.AliceAlt, Ct);
        await database.RefusedAsync(WorkflowError.Forbidden, () => characters.SetMainAsync(cast.Bob, Cast.AliceMain, Ct));

        var rows = (await characters.OverviewAsync(cast.Alice, Ct)).Characters;
        Assert.True(rows.Single(r => r.CharacterId == Cast.AliceAlt).IsMain);
        Assert.False(rows.Single(r => r.CharacterId == Cast.AliceMain).IsMain);
    }

    [Fact]
    public async Task Removing_a_character_ends_its_request_and_cannot_remove_the_last_one()
    {
        await using var database = await CreateAsync();
        var cast = await database.SeedCastAsync();
        await using var rig = new Rig(database);
        var characters = rig.Characters;
        var requestId = await database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);

        await characters.RemoveAsync(cast.Alice, Cast.AliceAlt, Ct);
        await database.RefusedAsync(WorkflowError.Forbidden, () => characters.RemoveAsync(cast.Bob, Cast.AliceMain, Ct));
        var last = await database.RefusedAsync(WorkflowError.Invalid, () => characters.RemoveAsync(cast.Alice, Cast.AliceMain, Ct));

        Assert.Contains("only character", last.Message, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Cancelled, (await database.RequestAsync(requestId)).Status);
        Assert.Equal([Cast.AliceMain], (await characters.OverviewAsync(cast.Alice, Ct)).Characters.Select(r => r.CharacterId));
    }
}
