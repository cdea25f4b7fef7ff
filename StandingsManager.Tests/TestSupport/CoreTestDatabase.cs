using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using StandingsManager.Core.Standings;

namespace StandingsManager.Tests.TestSupport;

/// <summary>
/// One migrated database per test, with the workflow services wired to it directly and a fake clock: in-memory SQLite
/// kept alive by an open connection, or (<see cref="TestDatabases.OnPostgreSql"/>) a PostgreSQL database of its own.
/// </summary>
public sealed class CoreTestDatabase : IAsyncDisposable, IDbContextFactory<StandingsDbContext>
{
    public const long AdminCharacterId = 90_000_001;
    /// <summary>The organisation's alliance in the rig: the mains <see cref="AddAccountAsync"/> creates are in it, so they are Members.</summary>
    public const long HomeAllianceId = 99_009_901;
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly SqliteConnection? _connection;
    private readonly string? _file;
    private readonly string? _postgreSql;
    private readonly DbContextOptions<StandingsDbContext> _options;

    private readonly ServiceProvider _services;

    private CoreTestDatabase(SqliteConnection? connection, StandingsOptions options, string? file = null, string? postgreSql = null)
    {
        _connection = connection;
        _file = file;
        _postgreSql = postgreSql;
        // In memory every context shares the one connection; on a file or PostgreSQL each opens its own, as in the app.
        _options = (postgreSql is not null ? TestDatabases.Options(DatabaseProvider.PostgreSQL, postgreSql)
                : file is null ? new DbContextOptionsBuilder<StandingsDbContext>().UseSqlite(connection!)
                : TestDatabases.Options(DatabaseProvider.Sqlite, connection!.ConnectionString))
            // The change log's clock: these options are built here, not by the app's factory.
            .AddInterceptors(Race, Transactions, new StandingsClock(Time))
            .Options;
        Options = Microsoft.Extensions.Options.Options.Create(options);
        // Core's own registration, as the app wires it; only the database, the clock, the options and EVE's corporation
        // data are this rig's.
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddStandingsCore();
        services.AddSingleton(Options);
        services.AddSingleton<IDbContextFactory<StandingsDbContext>>(this);
        services.AddSingleton<StandingsManager.Core.Requests.ICorporationDirectory>(Corporations);
        _services = services.BuildServiceProvider();
        States = _services.GetRequiredService<AccessStates>();
        Events = _services.GetRequiredService<StandingsEvents>();
        Actors = _services.GetRequiredService<ActorLoader>();
        Requests = _services.GetRequiredService<RequestWorkflow>();
        Revocations = _services.GetRequiredService<RevocationWorkflow>();
        Admin = _services.GetRequiredService<StandingsAdmin>();
        Queries = _services.GetRequiredService<StandingsQueries>();
        SignIn = _services.GetRequiredService<AccountSignIn>();
    }

    /// <summary>Any other Core service, as <c>AddStandingsCore</c> registers it, over this database and clock.</summary>
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public SaveRaceInterceptor Race { get; } = new();
    public TransactionWatch Transactions { get; } = new();
    public FakeTimeProvider Time { get; } = new(Start);
    public IOptions<StandingsOptions> Options { get; }
    public IDbContextFactory<StandingsDbContext> Factory => this;
    public AccessStates States { get; }
    public StandingsEvents Events { get; }
    public ActorLoader Actors { get; }
    /// <summary>Stands in for EVE's public corporation data; tests set the member counts they need.</summary>
    public TestCorporationDirectory Corporations { get; } = new();
    public RequestWorkflow Requests { get; }
    public RevocationWorkflow Revocations { get; }
    public StandingsAdmin Admin { get; }
    public StandingsQueries Queries { get; }
    public AccountSignIn SignIn { get; }

    public static async Task<CoreTestDatabase> CreateAsync(Action<StandingsOptions>? configure = null)
    {
        var options = RigOptions(configure);
        if (TestDatabases.OnPostgreSql)
            return await OnPostgreSqlAsync(options);
        var connection = new SqliteConnection("DataSource=:memory:;Foreign Keys=True");
        await connection.OpenAsync(Ct);
        var database = new CoreTestDatabase(connection, options);
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync(Ct);
        await StandingsManager.Core.Lists.FirstList.AdoptSettingsAsync(db, options, Ct);
        return database;
    }

    /// <summary>A database in a temporary file, each context on its own connection: for races between real SQLite transactions.</summary>
    public static async Task<CoreTestDatabase> CreateOnFileAsync(Action<StandingsOptions>? configure = null)
    {
        var options = RigOptions(configure);
        if (TestDatabases.OnPostgreSql)
            return await OnPostgreSqlAsync(options);
        var file = Path.Combine(Path.GetTempPath(), $"standings-core-{Guid.NewGuid():N}.db");
        var connection = new SqliteConnection($"Data Source={file};Foreign Keys=True;Pooling=False");
        var database = new CoreTestDatabase(connection, options, file);
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync(Ct);
        await StandingsManager.Core.Lists.FirstList.AdoptSettingsAsync(db, options, Ct);
        return database;
    }

    private static async Task<CoreTestDatabase> OnPostgreSqlAsync(StandingsOptions options)
    {
        var database = new CoreTestDatabase(null, options, postgreSql: await TestDatabases.NewPostgreSqlAsync());
        await using var db = database.CreateDbContext();
        await StandingsManager.Core.Lists.FirstList.AdoptSettingsAsync(db, options, Ct);
        return database;
    }

    /// <summary>True when this rig's database is PostgreSQL (the run's second pass).</summary>
    public bool OnPostgreSql => _postgreSql is not null;

    private static StandingsOptions RigOptions(Action<StandingsOptions>? configure)
    {
        // Every state has basic access here. The cast's mains are in the organisation's alliance (Members, whom the lists
        // reach); tests of the states set their own organisation.
        var options = new StandingsOptions
        {
            LabelName = "X", Administrators = [AdminCharacterId], BasicAccessStates = [.. StandingsOptions.KnownStates],
            Organization = new OrganizationOptions { AllianceIds = [HomeAllianceId] },
        };
        configure?.Invoke(options);
        return options;
    }

    public StandingsDbContext CreateDbContext() => new(_options);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
        if (_file is not null)
            File.Delete(_file);
        if (_postgreSql is not null)
            await TestDatabases.DropPostgreSqlAsync(_postgreSql);
    }

    public async Task<int> AddAccountAsync(long mainCharacterId, string mainName, params Role[] roles)
    {
        await using var db = CreateDbContext();
        var now = Time.GetUtcNow();
        var account = new Account { CreatedAt = now, MainCharacterId = mainCharacterId };
        account.Characters.Add(new EveCharacter { Id = mainCharacterId, Name = mainName, OwnerHash = OwnerHashOf(mainCharacterId), AllianceId = HomeAllianceId, AddedAt = now });
        foreach (var role in roles)
            account.Roles.Add(new AccountRole { Role = role, GrantedAt = now, GrantedByName = "Seed" });
        db.Accounts.Add(account);
        await db.SaveChangesAsync(Ct);
        return account.Id;
    }

    public async Task AddCharacterAsync(int accountId, long characterId, string name)
    {
        await using var db = CreateDbContext();
        db.Characters.Add(new EveCharacter { Id = characterId, Name = name, OwnerHash = OwnerHashOf(characterId), AccountId = accountId, AddedAt = Time.GetUtcNow() });
        await db.SaveChangesAsync(Ct);
    }

    public static string OwnerHashOf(long characterId) => $"owner-{characterId}";

    /// <summary>Notifications to a requester, leaving out the alerts every approver gets for a new request.</summary>
    public static readonly Expression<Func<Notification, bool>> NotApproverAlert =
        n => !n.Title.StartsWith("New standing request");

    /// <summary>A typical cast: two members (Alice with an alt), two approvers, administrators both ways, an auditor.</summary>
    public async Task<Cast> SeedCastAsync()
    {
        var alice = await AddAccountAsync(Cast.AliceMain, "Alice Main");
        await AddCharacterAsync(alice, Cast.AliceAlt, "Alice Alt");
        var bob = await AddAccountAsync(Cast.BobMain, "Bob Main");
        var carol = await AddAccountAsync(Cast.CarolMain, "Carol Approver", Role.Approver);
        var dave = await AddAccountAsync(Cast.DaveMain, "Dave Approver", Role.Approver);
        var erin = await AddAccountAsync(AdminCharacterId, "Erin Admin");
        var frank = await AddAccountAsync(Cast.FrankMain, "Frank Admin", Role.Administrator);
        var gina = await AddAccountAsync(Cast.GinaMain, "Gina Auditor", Role.Auditor);
        return new Cast(alice, bob, carol, dave, erin, frank, gina);
    }

    /// <summary>Alice requests a standing for <paramref name="characterId"/> and Carol approves it.</summary>
    public async Task<int> GrantViaRequestAsync(Cast cast, long characterId, double standing = 5)
    {
        var requestId = await Requests.RequestForCharacterAsync(cast.Alice, characterId, Ct);
        await Requests.ApproveAsync(cast.Carol, requestId, standing, null, Ct);
        await using var db = CreateDbContext();
        return await db.Standings.Where(e => e.EntityId == characterId).Select(e => e.Id).SingleAsync(Ct);
    }

    public async Task<StandingRequest> RequestAsync(int id)
    {
        await using var db = CreateDbContext();
        return await db.Requests.AsNoTracking().SingleAsync(r => r.Id == id, Ct);
    }

    public async Task<Revocation> RevocationAsync(int id)
    {
        await using var db = CreateDbContext();
        return await db.Revocations.AsNoTracking().SingleAsync(r => r.Id == id, Ct);
    }

    public async Task<DbSnapshot> SnapshotAsync()
    {
        await using var db = CreateDbContext();
        var standings = await db.Standings.Select(e => new { e.Standing, e.Version }).ToListAsync(Ct);
        var requestVersions = await db.Requests.Select(r => r.Version).ToListAsync(Ct);
        var revocationVersions = await db.Revocations.Select(r => r.Version).ToListAsync(Ct);
        return new DbSnapshot(
            Requests: requestVersions.Count,
            PendingRequests: await db.Requests.CountAsync(r => r.Status == RequestStatus.Pending, Ct),
            Entries: standings.Count,
            Revocations: revocationVersions.Count,
            PendingRevocations: await db.Revocations.CountAsync(r => r.Status == RequestStatus.Pending, Ct),
            Audit: await db.Audit.CountAsync(Ct),
            Notifications: await db.Notifications.CountAsync(Ct),
            StandingSum: standings.Sum(s => s.Standing),
            VersionSum: standings.Sum(s => s.Version) + requestVersions.Sum() + revocationVersions.Sum());
    }

    /// <summary>Runs a refused move and checks it changed nothing in the database.</summary>
    public async Task<WorkflowException> RefusedAsync(WorkflowError expected, Func<Task> move)
    {
        var before = await SnapshotAsync();
        var ex = await Assert.ThrowsAsync<WorkflowException>(move);
        Assert.Equal(expected, ex.Error);
        Assert.Equal(before, await SnapshotAsync());
        return ex;
    }
}

public sealed record Cast(int Alice, int Bob, int Carol, int Dave, int Erin, int Frank, int Gina)
{
    public const long AliceMain = 1001;
    public const long AliceAlt = 1002;
    public const long BobMain = 2001;
    public const long CarolMain = 3001;
    public const long DaveMain = 3002;
    public const long FrankMain = 5001;
    public const long GinaMain = 6001;
}

public sealed record DbSnapshot(int Requests, int PendingRequests, int Entries, int Revocations, int PendingRevocations,
    int Audit, int Notifications, double StandingSum, int VersionSum);

/// <summary>
/// Makes a race deterministic: once armed, the next save about to happen first runs the rival's
/// whole operation to completion, then goes on with its now stale view of the rows.
/// </summary>
public sealed class SaveRaceInterceptor : SaveChangesInterceptor
{
    private Func<Task>? _rival;

    public int Fired { get; private set; }

    public void Arm(Func<Task> rival) => _rival = rival;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var rival = Interlocked.Exchange(ref _rival, null);
        if (rival is not null)
        {
            Fired++;
            await rival();
        }
        return result;
    }
}

/// <summary>Tells a test when the next transaction is about to begin (before SQLite is asked for its lock).</summary>
public sealed class TransactionWatch : DbTransactionInterceptor
{
    private TaskCompletionSource? _next;

    /// <summary>Completes when the next transaction starts, on whatever context.</summary>
    public Task NextStarting()
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _next, next);
        return next.Task;
    }

    public override InterceptionResult<System.Data.Common.DbTransaction> TransactionStarting(System.Data.Common.DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<System.Data.Common.DbTransaction> result)
    {
        Interlocked.Exchange(ref _next, null)?.TrySetResult();
        return result;
    }

    public override ValueTask<InterceptionResult<System.Data.Common.DbTransaction>> TransactionStartingAsync(System.Data.Common.DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<System.Data.Common.DbTransaction> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Exchange(ref _next, null)?.TrySetResult();
        return ValueTask.FromResult(result);
    }
}

/// <summary>EVE's public corporation facts as a test needs them; counts every lookup, so freshness can be checked.</summary>
public sealed class TestCorporationDirectory : StandingsManager.Core.Requests.ICorporationDirectory
{
    private readonly Dictionary<long, StandingsManager.Core.Requests.CorporationFacts> _corporations = [];

    public int Lookups { get; private set; }

    public void Set(long id, string name, int memberCount) => _corporations[id] = new(id, name, memberCount, null);

    public Task<StandingsManager.Core.Requests.CorporationFacts> GetCorporationAsync(long corporationId, CancellationToken ct)
    {
        Lookups++;
        return Task.FromResult(_corporations[corporationId]);
    }
}
