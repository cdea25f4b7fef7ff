using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Sync;

/// <summary>
/// The real engine, as Core registers it, on a real (in-memory) SQLite database, talking HTTP to an in-memory EVE through
/// the app's <see cref="EsiClient"/> (without the resilience handler: the model answers at once), all on the database's
/// fake clock. The grant's access token is remembered, so no SSO call.
/// </summary>
public sealed class SyncRig : IAsyncDisposable
{
    public const long LabelId = 64;
    public const string LabelName = "Alliance Standings";
    /// <summary>The organisation's alliance, which every main the rig adds is in: its users are Members, whom the lists reach.</summary>
    public const long HomeAllianceId = 99_000_777;

    private readonly ServiceProvider _services;
    private readonly EveTokenStore _tokens;

    private SyncRig(CoreTestDatabase database)
    {
        Database = database;
        Model = new ContactModel(id => (id % 3) switch { 0 => "character", 1 => "corporation", _ => "alliance" });
        Esi = new ModelEsiHandler(Model);
        Esi.Labels.Add((LabelId, LabelName));
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddStandingsCore();
        // What the host provides, from the test: its database, clock and options, an SSO nobody reaches, and ESI as the model.
        services.AddSingleton<IDbContextFactory<StandingsDbContext>>(database);
        services.AddSingleton<TimeProvider>(database.Time);
        services.AddSingleton(database.Options);
        services.AddSingleton<IEveSsoSettings, UnreachableSso>();
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddTransient(sp => Esi.Client(database.Time, sp.GetRequiredService<EsiGate>()));
        _services = services.BuildServiceProvider();
        _tokens = _services.GetRequiredService<EveTokenStore>();
        Events = _services.GetRequiredService<SyncEvents>();
        Events.Subscribe(e =>
        {
            lock (Published)
                Published.Add(e);
            return Task.CompletedTask;
        });
        Engine = _services.GetRequiredService<ICharacterSync>();
    }

    public CoreTestDatabase Database { get; }
    public ContactModel Model { get; }
    public ModelEsiHandler Esi { get; }
    public SyncEvents Events { get; }
    public List<SyncEvent> Published { get; } = [];
    public ICharacterSync Engine { get; }
    public SyncCommands Commands => _services.GetRequiredService<SyncCommands>();
    public SyncDueSoon DueSoon => _services.GetRequiredService<SyncDueSoon>();
    public SyncSchedule Schedule => _services.GetRequiredService<SyncSchedule>();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<SyncRig> CreateAsync(Action<StandingsOptions>? configure = null)
    {
        var database = await CoreTestDatabase.CreateAsync(o =>
        {
            o.LabelName = LabelName;
            o.Organization.AllianceIds = [HomeAllianceId];
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
        var main = await db.Characters.SingleAsync(c => c.Id == characterId, Ct);
        main.AllianceId = HomeAllianceId;
        db.Tokens.Add(new EveToken { CharacterId = characterId, EncryptedRefreshToken = "unused", Scopes = string.Join(' ', scopes ?? EveScopes.Contacts), UpdatedAt = now });
        db.SyncedCharacters.Add(new SyncedCharacter { CharacterId = characterId, AccountId = accountId, CreatedAt = now });
        await db.SaveChangesAsync(Ct);
        _tokens.Remember(characterId, $"access-token-{characterId}", now.AddDays(30));
        return accountId;
    }

    public Task AddEntriesAsync(params (long Id, double Standing)[] entries) =>
        AddEntriesAsync(StandingsManager.Core.Lists.StandingsList.FirstListId, entries);

    /// <summary>A further list (requests source) with its own label, which the character holds under <paramref name="labelId"/>.</summary>
    public async Task<int> AddListAsync(string name, string labelName, int priority, long? labelId)
    {
        await using var db = Database.CreateDbContext();
        var list = new StandingsManager.Core.Lists.StandingsList { Name = name, LabelName = labelName, Priority = priority, CreatedAt = Database.Time.GetUtcNow() };
        db.Lists.Add(list);
        await db.SaveChangesAsync(Ct);
        if (labelId is { } id)
            Esi.Labels.Add((id, labelName));
        return list.Id;
    }

    public async Task AddEntriesAsync(int listId, params (long Id, double Standing)[] entries)
    {
        await using var db = Database.CreateDbContext();
        foreach (var (id, standing) in entries)
        {
            db.Standings.Add(new StandingsEntry
            {
                ListId = listId,
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
        Esi.Dispose();
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
