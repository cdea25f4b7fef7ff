using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Standings;
using StandingsManager.Tests.EsiIntegration;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Lists;

/// <summary>
/// Lists on real SQLite with the app's ESI client over real HTTP to the simulated ESI, everything on the simulator's fake
/// clock; the cast's Frank is the administrator.
/// </summary>
public sealed class ListsRig : IAsyncDisposable
{
    public const long Director = DemoPersonas.Approver; // Abe Approver: Demo Holdings, Demo Alliance
    private readonly Dictionary<long, string[]> _scopes = [];
    private readonly ServiceProvider _http = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    private ListsRig(CoreTestDatabase t, Cast cast)
    {
        T = t;
        Cast = cast;
        var http = _http.GetRequiredService<IHttpClientFactory>();
        var sso = new UnreachableSso();
        Tokens = new EveTokenStore(t.Factory, new EphemeralDataProtectionProvider(), new EveSsoClient(http, sso),
            new EveAccessTokenValidator(http, Time), sso, Time, NullLogger<EveTokenStore>.Instance);
        Admin = new ListsAdmin(t.Factory, t.Actors, Esi.Esi, t.Events, Time);
        Source = new InGameContactsSource(t.Factory, t.Actors, Esi.Esi, Tokens, t.Events, Microsoft.Extensions.Options.Options.Create(Options), t.Options, Time,
            NullLogger<InGameContactsSource>.Instance);
    }

    public EsiRig Esi { get; } = new();
    public CoreTestDatabase T { get; }
    public Cast Cast { get; }
    public EveTokenStore Tokens { get; }
    public ListsAdmin Admin { get; }
    public InGameContactsSource Source { get; }
    public ListsOptions Options { get; } = new();
    public WatchedFakeTimeProvider Time => Esi.Time;
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<ListsRig> CreateAsync()
    {
        var t = await CoreTestDatabase.CreateAsync();
        return new ListsRig(t, await t.SeedCastAsync());
    }

    public Task LinkAsync(int accountId, long characterId, params string[] scopes)
    {
        _scopes[characterId] = scopes;
        return OrgReaders.LinkAsync(T, Esi, Tokens, Time, accountId, characterId, scopes);
    }

    /// <summary>The access token the SSO would now hand out for the character's grant (the rig has no refresh tokens).</summary>
    public void Grant(long characterId, params string[] scopes)
    {
        _scopes[characterId] = scopes;
        Tokens.Remember(characterId, Esi.Host.Token(characterId, scopes), Time.GetUtcNow().AddMinutes(20));
    }

    /// <summary>Moves the clock on; the linked characters' access tokens are renewed as a refresh would.</summary>
    public void Advance(TimeSpan by)
    {
        Time.Advance(by);
        foreach (var (characterId, scopes) in _scopes)
            Grant(characterId, scopes);
    }

    /// <summary>A list that follows the alliance's in-game contacts through Abe Approver's character, linked to Frank.</summary>
    public async Task<int> CreateMirrorAsync(double? minimum = null)
    {
        await LinkAsync(Cast.Frank, Director, EveScopes.AllianceContacts);
        return await Admin.CreateAsync(Cast.Frank, ListDraft.For(ListSource.InGameContacts) with
        {
            Name = "Coalition Blues",
            LabelName = "Coalition Blues",
            Priority = 5,
            MirrorCharacterId = Director,
            MirrorOwner = ContactListOwner.Alliance,
            MirrorMinimumStanding = minimum,
        }, Ct);
    }

    public async Task<StandingsList> ListAsync(int id)
    {
        await using var db = T.CreateDbContext();
        return await db.Lists.FindAsync([id], Ct) ?? throw new InvalidOperationException($"No list {id}.");
    }

    public async ValueTask DisposeAsync()
    {
        Tokens.Dispose();
        await _http.DisposeAsync();
        await T.DisposeAsync();
        await Esi.DisposeAsync();
    }
}
