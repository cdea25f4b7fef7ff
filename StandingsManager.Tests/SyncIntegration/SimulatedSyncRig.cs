using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.EsiIntegration;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.SyncIntegration;

/// <summary>
/// The real sync engine of a demo app (personas granted and enrolled, as the demo seeds them) against its simulated
/// ESI over HTTP, on a fake clock. The scheduler is left out: each test runs the syncs it wants, when it wants (or starts one).
/// </summary>
public sealed class SimulatedSyncRig : IAsyncDisposable
{
    public SimulatedSyncRig(Dictionary<string, string?>? settings = null, DateTimeOffset? start = null)
    {
        // The sync tests count the first list's contacts; lists of their own come from the tests that want them.
        var all = new Dictionary<string, string?> { [DemoSeeder.SeedSyncSetting] = "true", [DemoSeeder.SeedCoalitionBluesSetting] = "false" };
        foreach (var (key, value) in settings ?? [])
            all[key] = value;
        Esi = new EsiRig(start, services: WithoutScheduler, settings: all);
    }

    public EsiRig Esi { get; }
    public WatchedFakeTimeProvider Time => Esi.Time;
    public DemoEsiStore Store => Esi.Store;
    public DemoEsiFaults Faults => Esi.Faults;
    public DemoSsoServer Sso => Esi.Host.Sso;
    public IServiceProvider Services => Esi.Host.Services;
    public static CancellationToken Ct => EsiRig.Ct;

    /// <summary>Just past ESI's 300 s read cache: a read now shows every earlier write.</summary>
    public static readonly TimeSpan PastReadCache = TimeSpan.FromSeconds(301);

    /// <summary>Past the read cache and the engine's margin on it: the read, not the ledger, is now the truth about earlier writes.</summary>
    public static readonly TimeSpan PastLedgerWindow = TimeSpan.FromMinutes(7);

    /// <summary>Starts one sync; the caller pumps or awaits it.</summary>
    public async Task<SyncReport> StartAsync(long characterId, SyncMode mode = SyncMode.Sync)
    {
        await Task.Yield();
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ICharacterSync>().RunAsync(characterId, mode, Ct);
    }

    /// <summary>Runs one sync to its end, moving the fake clock through short waits (retry backoff) only.</summary>
    public Task<SyncReport> SyncAsync(long characterId, SyncMode mode = SyncMode.Sync) => Esi.PumpAsync(StartAsync(characterId, mode));

    public IReadOnlyList<DemoEsiContact> Contacts(long characterId) => Store.Contacts(characterId);

    public DemoEsiContact? Contact(long characterId, long contactId) => Store.Contacts(characterId).SingleOrDefault(c => c.ContactId == contactId);

    public async Task<T> WithDbAsync<T>(Func<StandingsDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<StandingsDbContext>>().CreateDbContextAsync(Ct);
        return await query(db);
    }

    public Task<List<ManagedContact>> LedgerAsync(long characterId) =>
        WithDbAsync(db => db.ManagedContacts.AsNoTracking().Where(m => m.CharacterId == characterId).ToListAsync(Ct));

    public Task<SyncedCharacter> SyncedAsync(long characterId) =>
        WithDbAsync(db => db.SyncedCharacters.AsNoTracking().SingleAsync(s => s.CharacterId == characterId, Ct));

    /// <summary>Puts an entry straight into the list, as an approval would.</summary>
    public Task AddEntryAsync(long entityId, EntityType type, string name, double standing) => WithDbAsync(async db =>
    {
        db.Standings.Add(new StandingsEntry { EntityId = entityId, EntityType = type, EntityName = name, Standing = standing, AddedByName = "Test", AddedAt = Time.GetUtcNow() });
        return await db.SaveChangesAsync(Ct);
    });

    public Task AddEntriesAsync(IEnumerable<(long Id, EntityType Type, string Name, double Standing)> entries) => WithDbAsync(async db =>
    {
        foreach (var e in entries)
            db.Standings.Add(new StandingsEntry { EntityId = e.Id, EntityType = e.Type, EntityName = e.Name, Standing = e.Standing, AddedByName = "Test", AddedAt = Time.GetUtcNow() });
        return await db.SaveChangesAsync(Ct);
    });

    public Task RemoveEntryAsync(long entityId) =>
        WithDbAsync(db => db.Standings.Where(e => e.EntityId == entityId).ExecuteDeleteAsync(Ct));

    /// <summary>The organisation label's id on every persona that has it.</summary>
    public static long Label => DemoEsiStore.StandingsLabelId;

    /// <summary>Every contact carrying the organisation label is in the ledger, and every written ledger row is a contact: no orphan either way.</summary>
    public async Task AssertLedgerMatchesAsync(long characterId)
    {
        var ledger = (await LedgerAsync(characterId)).Where(m => m.State is LedgerState.Written or LedgerState.Writing).Select(m => m.ContactId).ToHashSet();
        var labelled = Contacts(characterId).Where(c => c.LabelIds.Contains(Label)).Select(c => c.ContactId).ToHashSet();
        Assert.Subset(ledger, labelled);
        Assert.Subset(labelled, ledger);
    }

    private static void WithoutScheduler(IServiceCollection services)
    {
        // The loops that act on the fake clock by themselves: tests run syncs and validations when they want them, and a
        // test that starts a scheduler moves the clock to its timers alone, not to the 15 s rounds of the Discord relay.
        foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name is "SyncScheduler" or "ValidatorLoop" or "DiscordRelayLoop" or "WebhookRelayLoop").ToList())
            services.Remove(hosted);
    }

    public ValueTask DisposeAsync() => Esi.DisposeAsync();
}
