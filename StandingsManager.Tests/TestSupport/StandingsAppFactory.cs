using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Tests.TestSupport;

/// <summary>
/// The real app in demo mode on a real Kestrel port, with its own temporary data folder, so the
/// OAuth back-channel, the simulated SSO and the browser all talk real HTTP.
/// </summary>
public sealed class StandingsAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _ownsData;
    private readonly string _environment;
    private readonly bool _secureCookies;
    private readonly bool _operatorSettingsFile;

    /// <param name="settings">Configuration on top of the operator's file.</param>
    /// <param name="services">Test-only service changes, applied after the app's own registrations.</param>
    /// <param name="dataDirectory">An existing data folder, to start the app again on what an earlier instance left; the caller deletes it.</param>
    /// <param name="environment">The host environment; not Development by default, as on a published instance.</param>
    /// <param name="secureCookies">
    /// Keep the app's Secure cookies. Off by default: tests talk plain HTTP to Kestrel, where a client never sends a
    /// Secure cookie back; <c>AuthCookieTests</c> checks the cookies a published instance really sets.
    /// </param>
    /// <param name="port">The loopback port to listen on; 0 lets the system choose.</param>
    /// <param name="operatorSettingsFile">False: start as if <c>appsettings.json</c> were missing, on the code's defaults.</param>
    public StandingsAppFactory(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? dataDirectory = null,
        string environment = "Testing", bool secureCookies = false, int port = 0, bool operatorSettingsFile = true)
    {
        _operatorSettingsFile = operatorSettingsFile;
        _environment = environment;
        _secureCookies = secureCookies;
        _ownsData = dataDirectory is null;
        DataDirectory = dataDirectory ?? NewDataDirectory();
        _settings = settings ?? [];
        _services = services;
        UseKestrel(port);
    }

    public string DataDirectory { get; }

    /// <summary>On a PostgreSQL run, the connection string of this host's database.</summary>
    public string? PostgreSqlDatabase { get; private set; }

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseStaticWebAssets(); // serve Blazor's and MudBlazor's assets from the build output, as in development
        builder.UseSetting("Data:Directory", DataDirectory);
        // A test that names its database or provider keeps it: the SQLite file tests, the several-instance tests.
        if (TestDatabases.OnPostgreSql && !_settings.ContainsKey("ConnectionStrings:Standings") && !_settings.ContainsKey("Database:Provider"))
        {
            // The folder names the database, so a test that starts the app again on a folder finds its data.
            builder.UseSetting("Database:Provider", "PostgreSQL");
            builder.UseSetting("ConnectionStrings:Standings", PostgreSqlDatabase ??= TestDatabases.PostgreSqlForFolderAsync(DataDirectory).GetAwaiter().GetResult());
        }
        builder.UseSetting("Eve:ClientId", "");
        builder.UseSetting("Demo:Enabled", "true"); // outside Development the demo runs only when asked for
        // Background syncs of the demo personas would change the contacts tests read; the sync tests switch them on.
        builder.UseSetting(StandingsManager.App.Demo.DemoSeeder.SeedSyncSetting, "false");
        // Likewise the demo's waiting system revocation: tests that want revocations make their own.
        builder.UseSetting(StandingsManager.App.Demo.DemoSeeder.SeedSystemRevocationSetting, "false");
        // Without a war-target list the war scan idles: tests that want it create the list.
        builder.UseSetting(StandingsManager.App.Demo.DemoSeeder.SeedWarTargetsSetting, "false");
        // And the demo's second list, whose entries would reach the personas' contacts; list tests create their own.
        builder.UseSetting(StandingsManager.App.Demo.DemoSeeder.SeedCoalitionBluesSetting, "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The console stays at warnings even where a test raises the level for its own capturing logger,
        // so a failing run's output shows the failure, not thousands of debug lines.
        builder.UseSetting("Logging:Console:LogLevel:Default", "Warning");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        if (!_operatorSettingsFile)
        {
            // Runs after Program added the operator's file: every JSON file goes, as on a host where none was deployed.
            builder.ConfigureAppConfiguration((_, configuration) =>
            {
                foreach (var file in configuration.Sources.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationSource>().ToList())
                    configuration.Sources.Remove(file);
            });
        }
        if (!_secureCookies)
        {
            builder.ConfigureTestServices(s =>
            {
                s.PostConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
                s.PostConfigureAll<OAuthOptions>(o => o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
                s.PostConfigure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
            });
        }
        if (_services is not null)
            builder.ConfigureTestServices(_services);
    }

    public async Task<T> WithDbAsync<T>(Func<StandingsDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<StandingsDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>The account a character belongs to.</summary>
    public Task<int> AccountOfAsync(long characterId) =>
        WithDbAsync(db => db.Characters.Where(c => c.Id == characterId).Select(c => c.AccountId).SingleAsync());

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsData)
        {
            DeleteDataDirectory(DataDirectory);
            if (PostgreSqlDatabase is not null)
                await TestDatabases.DropPostgreSqlAsync(PostgreSqlDatabase);
        }
    }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "standings-tests", Guid.NewGuid().ToString("N"));

    public static void DeleteDataDirectory(string dataDirectory)
    {
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
