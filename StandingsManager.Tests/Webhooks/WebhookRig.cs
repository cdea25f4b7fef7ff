using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandingsManager.Core;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Webhooks;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Webhooks;

/// <summary>
/// Core as the app registers it (the webhook client's handler with its address check included) over a test database,
/// its fake clock and a local receiver; <c>Webhooks:AllowNonPublicAddresses</c> as the test says. Several rigs may share
/// one database and key ring, as instances of the app do.
/// </summary>
internal sealed class WebhookRig : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly bool _ownsDatabase;

    public WebhookRig(CoreTestDatabase database, WebhookReceiver receiver, bool allowNonPublic = true, IDataProtectionProvider? keys = null, bool ownsDatabase = false)
    {
        Database = database;
        Receiver = receiver;
        Keys = keys ?? new EphemeralDataProtectionProvider();
        _ownsDatabase = ownsDatabase;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webhooks:AllowNonPublicAddresses"] = allowNonPublic ? "true" : "false",
        }).Build());
        services.AddLogging(l => l.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(database.Time);
        services.AddStandingsCore();
        services.AddSingleton(database.Options);
        services.AddSingleton<IDbContextFactory<StandingsDbContext>>(database);
        services.AddSingleton(Keys);
        _services = services.BuildServiceProvider();
    }

    public static async Task<WebhookRig> CreateAsync(bool allowNonPublic = true, bool onFile = false)
    {
        var receiver = await WebhookReceiver.StartAsync();
        var database = onFile ? await CoreTestDatabase.CreateOnFileAsync() : await CoreTestDatabase.CreateAsync();
        return new WebhookRig(database, receiver, allowNonPublic, ownsDatabase: true);
    }

    public CoreTestDatabase Database { get; }
    public WebhookReceiver Receiver { get; }
    public IDataProtectionProvider Keys { get; }
    public CapturingLoggerProvider Logs { get; } = new();
    public WebhookAdmin Admin => _services.GetRequiredService<WebhookAdmin>();
    public WebhookRelay Relay => _services.GetRequiredService<WebhookRelay>();
    public WebhookClient Client => _services.GetRequiredService<WebhookClient>();

    public async Task<Webhook> WebhookAsync(int id)
    {
        await using var db = Database.CreateDbContext();
        return await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == id, CoreTestDatabase.Ct);
    }

    public async Task<List<long>> ChangeIdsAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.EntryChanges.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(CoreTestDatabase.Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_ownsDatabase)
        {
            await Receiver.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
