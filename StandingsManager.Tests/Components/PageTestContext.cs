using System.Security.Claims;
using Bunit;
using Bunit.Rendering;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Components;

/// <summary>
/// A bUnit context wired to the real Core services over an in-memory SQLite database,
/// with helpers that seed accounts and sign a user in with claims that match the database.
/// </summary>
public abstract class PageTestContext : BunitContext, IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly SqliteConnection connection = new("DataSource=:memory:");
    // On a PostgreSQL run: this test's own database, named now and made (from the migrated template) in InitializeAsync.
    private readonly string? postgreSqlName = TestDatabases.OnPostgreSql ? $"t_{Guid.NewGuid():N}" : null;
    private readonly DbContextOptions<StandingsDbContext> dbOptions;
    private readonly BunitAuthorizationContext auth;

    protected PageTestContext()
    {
        connection.Open();
        dbOptions = postgreSqlName is null ? new DbContextOptionsBuilder<StandingsDbContext>().UseSqlite(connection).Options
            : TestDatabases.Options(StandingsManager.Core.Persistence.DatabaseProvider.PostgreSQL, TestDatabases.PostgreSqlConnectionString(postgreSqlName)).Options;

        // Generous waits: the CI machine has two cores and may be building something else.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Standings:LabelName"] = "Test",
            // Every state has basic access: the pages' users have no corporation unless a test gives them one.
            ["Standings:BasicAccessStates:0"] = "Member",
            ["Standings:BasicAccessStates:1"] = "Blue",
            ["Standings:BasicAccessStates:2"] = "Guest",
            // The organisation's alliance: a test puts a user in it (MakeMemberAsync) when the lists must reach them.
            ["Standings:Organization:AllianceIds:0"] = HomeAllianceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build());
        // Core as the app registers it (contact sync included: pages that run syncs put a scripted engine in front of the
        // real one), on the test's database and clock; what the host provides comes from the test.
        Services.AddStandingsCore();
        if (postgreSqlName is null)
            Services.AddDbContextFactory<StandingsDbContext>(o => o.UseSqlite(connection));
        else
            Services.AddStandingsDbContext(StandingsManager.Core.Persistence.DatabaseProvider.PostgreSQL, TestDatabases.PostgreSqlConnectionString(postgreSqlName));
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton<ICorporationDirectory>(Corporations);
        Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        // Nothing reaches EVE unless a test means it to fail.
        Services.AddSingleton<IEveSsoSettings, UnreachableSso>();
        // App services the pages read.
        Services.AddSingleton<StandingsManager.App.Background.SignInAffiliations>();
        // The app's resource files, with every text a page asks for and does not find noted in MissingTexts.
        Services.AddLocalization();
        Services.AddSingleton<Microsoft.Extensions.Localization.IStringLocalizerFactory>(missingTexts);
        auth = AddAuthorization();
    }

    protected FakeTimeProvider Time { get; } = new(Now);

    private readonly MissingTextLocalizerFactory missingTexts = new();

    /// <summary>The texts the rendered components asked for that the resource files lack.</summary>
    protected IReadOnlyCollection<string> MissingTexts => missingTexts.Missing;

    /// <summary>EVE's public corporation facts as the test sets them.</summary>
    protected StandingsManager.Tests.TestSupport.TestCorporationDirectory Corporations { get; } = new();

    protected IOptions<StandingsOptions> Options => Services.GetRequiredService<IOptions<StandingsOptions>>();

    /// <summary>The running test's cancellation token.</summary>
    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // Pages render as they do in a connected circuit (live updates subscribe only there). Set here, after the
        // test class's constructor: touching the renderer freezes the services.
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        // The host starts it in the app; here the test does, before any page listens.
        await Services.GetRequiredService<SyncActivity>().StartAsync(Ct);
        if (postgreSqlName is not null)
        {
            await TestDatabases.NewPostgreSqlAsync(postgreSqlName);
            return;
        }
        await using var db = NewDb();
        await db.Database.MigrateAsync(Ct);
    }

    // xUnit disposes asynchronously, and bUnit's DisposeAsync never calls Dispose(true): the cleanup goes here, or each
    // test leaves its PostgreSQL database and its pooled connections behind until the cluster runs out of clients.
    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await connection.DisposeAsync();
        if (postgreSqlName is not null)
            await TestDatabases.DropPostgreSqlAsync(TestDatabases.PostgreSqlConnectionString(postgreSqlName));
    }

    /// <summary>A context on the test database, for seeding and for checking what a page did.</summary>
    protected StandingsDbContext NewDb() => new(dbOptions);

    /// <summary>An active account whose main character is <paramref name="characterId"/> (none when null), with the given stored roles.</summary>
    protected async Task<int> SeedAccountAsync(string name, long? characterId, params Role[] roles)
    {
        await using var db = NewDb();
        var account = new Account { CreatedAt = Now, MainCharacterId = characterId };
        if (characterId is { } id)
            account.Characters.Add(new EveCharacter { Id = id, Name = name, OwnerHash = $"owner-{id}", AddedAt = Now });
        foreach (var role in roles.Where(r => r != Role.Member).Distinct())
            account.Roles.Add(new AccountRole { Role = role, GrantedAt = Now, GrantedByName = "Seed" });
        db.Accounts.Add(account);
        await db.SaveChangesAsync(Ct);
        return account.Id;
    }

    /// <summary>The organisation's alliance in this context (<c>Standings:Organization</c>).</summary>
    protected const long HomeAllianceId = 99_000_900;

    /// <summary>Puts the character (a main) in the organisation's alliance: its user is a Member, whom the lists reach.</summary>
    protected async Task MakeMemberAsync(long characterId)
    {
        await using var db = NewDb();
        await db.Characters.Where(c => c.Id == characterId).ExecuteUpdateAsync(u => u.SetProperty(c => c.AllianceId, HomeAllianceId), Ct);
    }

    protected async Task AddCharacterAsync(int accountId, long characterId, string name)
    {
        await using var db = NewDb();
        db.Characters.Add(new EveCharacter { Id = characterId, Name = name, OwnerHash = $"owner-{characterId}", AccountId = accountId, AddedAt = Now });
        await db.SaveChangesAsync(Ct);
    }

    protected async Task<int> SeedPendingRequestAsync(long entityId, string entityName, int requesterAccountId, string requesterName)
    {
        await using var db = NewDb();
        var request = new StandingRequest
        {
            EntityId = entityId,
            EntityType = EntityType.Character,
            EntityName = entityName,
            RequesterAccountId = requesterAccountId,
            RequesterName = requesterName,
            CreatedAt = Now.AddHours(-2),
            Status = RequestStatus.Pending,
        };
        db.Requests.Add(request);
        await db.SaveChangesAsync(Ct);
        return request.Id;
    }

    protected async Task<int> SeedEntryAsync(long entityId, string entityName, double standing, EntityType type = EntityType.Character)
    {
        await using var db = NewDb();
        var entry = new StandingsEntry
        {
            EntityId = entityId,
            EntityType = type,
            EntityName = entityName,
            Standing = standing,
            AddedByName = "Seed Admin",
            AddedAt = Now.AddDays(-3),
        };
        db.Standings.Add(entry);
        await db.SaveChangesAsync(Ct);
        return entry.Id;
    }

    protected async Task<int> SeedPendingRevocationAsync(long entityId, string entityName, int? requesterAccountId, string requesterName,
        RevocationSource source = RevocationSource.User, SystemRevocationReason reason = SystemRevocationReason.None)
    {
        await using var db = NewDb();
        var revocation = new Revocation
        {
            EntityId = entityId,
            EntityType = EntityType.Character,
            EntityName = entityName,
            Source = source,
            SystemReason = reason,
            RequestedByAccountId = requesterAccountId,
            RequestedByName = requesterName,
            CreatedAt = Now.AddHours(-1),
            Status = RequestStatus.Pending,
        };
        db.Revocations.Add(revocation);
        await db.SaveChangesAsync(Ct);
        return revocation.Id;
    }

    protected async Task SeedAuditAsync(AuditAction action, string actorName, long subjectId, string subjectName, string? details = null)
    {
        await using var db = NewDb();
        db.Audit.Add(new AuditEntry
        {
            At = Now.AddMinutes(-10),
            Action = action,
            ActorName = actorName,
            SubjectId = subjectId,
            SubjectType = EntityType.Character,
            SubjectName = subjectName,
            Details = details,
        });
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>
    /// A webhook on the first list whose last delivery, three minutes ago, failed with 503 on its second attempt (the next
    /// at 12:01), with two entry changes waiting since 11:55.
    /// </summary>
    protected async Task<int> SeedRetryingWebhookAsync(string url)
    {
        int id;
        await using (var db = NewDb())
        {
            var hook = new StandingsManager.Core.Webhooks.Webhook
            {
                ListId = StandingsManager.Core.Lists.StandingsList.FirstListId, Url = url, EncryptedSecret = "x", CreatedByName = "Ada Admiral", CreatedAt = Now,
                LastDeliveryAt = Now.AddMinutes(-3), LastStatus = 503, LastError = "The receiver answered 503 Service Unavailable.", Attempts = 2,
                NextAttemptAt = Now.AddMinutes(1),
            };
            db.Webhooks.Add(hook);
            await db.SaveChangesAsync(Ct);
            id = hook.Id;
        }
        await SeedEntryAsync(98_000_004, "Pirate Menace", -10, EntityType.Corporation);
        await SeedEntryAsync(90_000_006, "Bea Blue", 5);
        await using (var db = NewDb())
            await db.EntryChanges.ExecuteUpdateAsync(u => u.SetProperty(c => c.At, Now.AddMinutes(-5)), Ct);
        return id;
    }

    /// <summary>Signs in with the role claims the app would derive from these stored roles (Member always; Administrator implies Approver and Auditor).</summary>
    protected void SignIn(int accountId, string name, params Role[] storedRoles) =>
        SignInClaiming(accountId, name, [.. ActorLoader.EffectiveRoles(storedRoles, [], []).Select(r => r.ToString())]);

    /// <summary>Signs in with exactly these role claims, whatever the database says.</summary>
    protected void SignInClaiming(int accountId, string name, params string[] roleClaims)
    {
        auth.SetAuthorized(name);
        auth.SetRoles(roleClaims);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, accountId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Renders the page after the MudBlazor providers it needs for popovers and dialogs, all in one markup.</summary>
    protected IRenderedComponent<ContainerFragment> RenderPage<TPage>() where TPage : IComponent =>
        Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<TPage>(2);
            builder.CloseComponent();
        });

    /// <summary>Renders the page inside the boundary MainLayout puts around every page.</summary>
    protected IRenderedComponent<ContainerFragment> RenderGuardedPage<TPage>() where TPage : IComponent =>
        Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<StandingsManager.App.Components.Shared.RefusalBoundary>(1);
            builder.AddAttribute(2, "ChildContent", (RenderFragment)(b =>
            {
                b.OpenComponent<TPage>(0);
                b.CloseComponent();
            }));
            builder.CloseComponent();
        });
}
