using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Sync;

/// <summary>
/// The real engine on a real (in-memory) SQLite database, talking HTTP to an in-memory EVE through the app's
/// <see cref="EsiClient"/>, all on the database's fake clock. The grant's access token is remembered, so no SSO call.
/// </summary>
public sealed class SyncRig : IAsyncDisposable
{
    public const long LabelId = 64;
    public const string LabelName = "Alliance Standings";

    private readonly ServiceProvider _services;
    private readonly EveTokenStore _tokens;

    private SyncRig(CoreTestDatabase database)
    {
        Database = database;
        Model = new ContactModel(id => (id % 3) switch { 0 => "character", 1 => "corporation", _ => "alliance" });
        Esi = new ModelEsiHandler(Model);
        Esi.Labels.Add((LabelId, LabelName));
        _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var http = _services.GetRequiredService<IHttpClientFactory>();
        var sso = new UnreachableSso();
        _tokens = new EveTokenStore(database.Factory, new EphemeralDataProtectionProvider(), new EveSsoClient(http, sso),
            new EveAccessTokenValidator(http, database.Time), sso, database.Time, NullLogger<EveTokenStore>.Instance);
        var gate = new EsiGate(database.Time, Options.Create(new EsiClientOptions()), NullLogger<EsiGate>.Instance);
        Events = new SyncEvents(NullLogger<SyncEvents>.Instance);
        Events.Subscribe(e =>
        {
            lock (Published)
                Published.Add(e);
            return Task.CompletedTask;
        });
        Engine = new SyncEngine(database.Factory, _tokens, Esi.Client(database.Time, gate), gate, database.Actors, database.States,
            new DesiredSetCache(database.Factory), Events, database.Options, database.Time, NullLogger<SyncEngine>.Instance);
    }

    public CoreTestDatabase Database { get; }
    public ContactModel Model { get; }
    public ModelEsiHandler Esi { get; }
    public SyncEvents Events { get; }
    public List<SyncEvent> Published { get; } = [];
    public SyncEngine Engine { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<SyncRig> CreateAsync(Action<StandingsOptions>? configure = null)
    {
        var database = await CoreTestDatabase.CreateAsync(o =>
        {
            o.LabelName = LabelName;
            configure?.Invoke(o);
        });
        return new SyncRig(database);
    }

    /// <summary>A member's character with a valid grant of <paramref name="scopes"/> (the contact scopes by default), set up for sync.</summary>
    public async Task<int> AddSyncedAsync(long characterId, string name, IReadOnlyList<string>? scopes = null)
    {
        var accountId = await Database.AddAccountAsync(characterId, name);
        await using var db = Database.CreateDbContext();
        var now = Database.Time.GetUtcNow();
        db.Tokens.Add(new EveToken { CharacterId = characterId, EncryptedRefreshToken = "unused", Scopes = string.Join(' ', scopes ?? EveScopes.Contacts), UpdatedAt = now });
        db.SyncedCharacters.Add(new SyncedCharacter { CharacterId = characterId, AccountId = accountId, CreatedAt = now });
        await db.SaveChangesAsync(Ct);
        _tokens.Remember(characterId, $"access-token-{characterId}", now.AddDays(30));
        return accountId;
    }

    public async Task AddEntriesAsync(params (long Id, double Standing)[] entries)
    {
        await using var db = Database.CreateDbContext();
        foreach (var (id, standing) in entries)
        {
            db.Standings.Add(new StandingsEntry
            {
                EntityId = id,
                EntityType = SyncPlanner.TypeOf(Model.Contacts.GetValueOrDefault(id)?.Type ?? ((id % 3) switch { 0 => "character", 1 => "corporation", _ => "alliance" }))!.Value,
                EntityName = $"Entity {id}",
                Standing = standing,
                AddedByName = "Seed",
                AddedAt = Database.Time.GetUtcNow(),
            });
        }
        await db.SaveChangesAsync(Ct);
    }

    public Task<SyncReport> RunAsync(long characterId, SyncMode mode = SyncMode.Sync, CancellationToken? ct = null) =>
        Engine.RunAsync(characterId, mode, ct ?? Ct);

    public async Task<SyncedCharacter> SyncedAsync(long characterId)
    {
        await using var db = Database.CreateDbContext();
        return await db.SyncedCharacters.AsNoTracking().SingleAsync(s => s.CharacterId == characterId, Ct);
    }

    public async Task<List<ManagedContact>> LedgerAsync(long characterId)
    {
        await using var db = Database.CreateDbContext();
        return await db.ManagedContacts.AsNoTracking().Where(m => m.CharacterId == characterId).ToListAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _tokens.Dispose();
        Esi.Dispose();
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
