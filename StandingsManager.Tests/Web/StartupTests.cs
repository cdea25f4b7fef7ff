using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using StandingsManager.Core.Persistence;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>
/// Bad settings and wrong databases stop start-up with messages an operator can act on. These run
/// the real app process, because what counts is what the operator sees on the console.
/// </summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Invalid_settings_print_one_message_per_problem_and_exit_non_zero()
    {
        var (exitCode, lines) = await RunAppAsync(
            "--Standings:LabelName", " ",
            "--Standings:DefaultStanding", "12",
            "--Standings:PersonalContacts", "Wipe",
            "--Standings:AutoRevocation:Mode", "Later",
            "--Eve:CompatibilityDate", "yesterday");

        Assert.Equal(1, exitCode);
        Assert.Equal("StandingsManager cannot start: the settings have problems.", lines[0]);
        var problems = lines.Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, l => l.StartsWith("- Standings:LabelName is required", StringComparison.Ordinal));
        Assert.Contains("- Standings:DefaultStanding must be between -10 and 10; it is 12.", problems);
        Assert.Contains("- Standings:PersonalContacts must be Preserve or Override.", problems);
        Assert.Contains("- Standings:AutoRevocation:Mode must be Manual or Automatic.", problems);
        Assert.Contains("- Eve:CompatibilityDate must be a date like 2026-08-18; it is 'yesterday'.", problems);
        Assert.DoesNotContain(lines, l => l.StartsWith("at ", StringComparison.Ordinal)); // messages, not stack traces
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_named_with_its_key()
    {
        var (exitCode, lines) = await RunAppAsync("--Standings:SyncIntervalMinutes", "often");

        Assert.Equal(1, exitCode);
        Assert.Contains("- Failed to convert configuration value 'often' at 'Standings:SyncIntervalMinutes' to type 'System.Int32'.", lines);
    }

    [Fact]
    public async Task Invalid_ESI_settings_are_reported_at_start_up()
    {
        var (exitCode, lines) = await RunAppAsync("--Esi:MaxRetryAttempts", "0", "--Esi:AttemptTimeout", "01:00:00");

        Assert.Equal(1, exitCode);
        var problems = lines.Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.Contains("- Esi:MaxRetryAttempts must be between 1 and 10; it is 0.", problems);
        Assert.Contains("- Esi:AttemptTimeout must be between 00:00:01 and 00:05:00; it is 01:00:00.", problems);
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public async Task Each_bad_known_proxy_is_named()
    {
        var (exitCode, lines) = await RunAppAsync(
            "--ForwardedHeaders:KnownProxies:0", "10.0.0.2",
            "--ForwardedHeaders:KnownProxies:1", "proxy.local",
            "--ForwardedHeaders:KnownProxies:2", "fd00::/8",
            "--ForwardedHeaders:KnownProxies:3", "5000");

        Assert.Equal(1, exitCode);
        var problems = lines.Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            "- ForwardedHeaders:KnownProxies:1 is 'proxy.local', which is not an IP address (like 10.0.0.2) or network (like 10.0.0.0/24).",
            "- ForwardedHeaders:KnownProxies:3 is '5000', which is not an IP address (like 10.0.0.2) or network (like 10.0.0.0/24).",
        ], problems);
    }

    [Fact]
    public async Task Negative_simulated_ESI_settings_are_reported_at_start_up()
    {
        var (exitCode, lines) = await RunAppAsync("--DemoEsi:ReadCacheSeconds", "-1", "--DemoEsi:LatencyMs", "-5");

        Assert.Equal(1, exitCode);
        var problems = lines.Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                "- DemoEsi:ReadCacheSeconds must be 0 (no cache) or more seconds; it is -1.",
                "- DemoEsi:LatencyMs must be 0 (none) or more milliseconds; it is -5.",
            ],
            problems);
    }

    [Fact]
    public async Task Demo_mode_refuses_a_database_that_holds_real_data_and_leaves_it_unmigrated()
    {
        var folder = NewDataDirectory();
        var connection = $"Data Source={Path.Combine(folder, "real.db")}";
        var before = await MarkAtFirstMigrationAsync(connection, isDemo: false);

        var (exitCode, lines) = await RunAppWithDataAsync(folder, "--ConnectionStrings:Standings", connection);

        Assert.Equal(1, exitCode);
        var message = Assert.Single(lines, l => l.StartsWith("StandingsManager cannot start:", StringComparison.Ordinal));
        Assert.Contains("Demo mode refuses to open this database: it holds real (non-demo) data.", message, StringComparison.Ordinal);
        Assert.Contains("Eve:ClientId", message, StringComparison.Ordinal);
        Assert.Equal(before, await AppliedMigrationsAsync(connection)); // refused before migrating
    }

    [Fact]
    public async Task A_production_start_refuses_a_demo_database_and_leaves_it_unmigrated()
    {
        var folder = NewDataDirectory();
        var connection = $"Data Source={Path.Combine(folder, "demo.db")}";
        var before = await MarkAtFirstMigrationAsync(connection, isDemo: true);

        var (exitCode, lines) = await RunAppWithDataAsync(folder, "--ConnectionStrings:Standings", connection,
            "--Eve:ClientId", "real-client", "--Eve:ClientSecret", "real-secret");

        Assert.Equal(1, exitCode);
        var message = Assert.Single(lines, l => l.StartsWith("StandingsManager cannot start:", StringComparison.Ordinal));
        Assert.Contains("This database holds demo data", message, StringComparison.Ordinal);
        Assert.Equal(before, await AppliedMigrationsAsync(connection));
    }

    [Fact]
    public async Task A_production_start_marks_an_empty_database_as_production()
    {
        await using var app = new StandingsAppFactory(new() { ["Eve:ClientId"] = "real-client", ["Eve:ClientSecret"] = "real-secret" });

        _ = app.BaseAddress;

        if (!TestDatabases.OnPostgreSql)
            Assert.True(File.Exists(Path.Combine(app.DataDirectory, "standings.db")));
        Assert.False(await app.WithDbAsync(async db => (await db.Installation.SingleAsync()).IsDemo));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_published_instance_without_a_client_id_refuses_to_start_the_demo(string clientId)
    {
        var folder = NewDataDirectory();

        var (exitCode, lines) = await RunAppWithDataAsync(folder, demoEnabled: false, "--Eve:ClientId", clientId);

        Assert.Equal(1, exitCode);
        Assert.Equal("StandingsManager cannot start: the settings have problems.", lines[0]);
        var problem = Assert.Single(lines, l => l.StartsWith("- ", StringComparison.Ordinal));
        Assert.Contains("Set Eve:ClientId and Eve:ClientSecret", problem, StringComparison.Ordinal);
        Assert.Contains("set Demo:Enabled=true", problem, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder, "*.db")); // no database opened, let alone seeded
    }

    [Fact]
    public async Task The_development_environment_runs_the_demo_without_Demo_Enabled()
    {
        await using var app = new StandingsAppFactory(new() { ["Demo:Enabled"] = "false" }, environment: "Development");
        using var browser = new DemoSignIn(app.BaseAddress);

        var landed = await browser.SignInAsync(DemoPersonas.Member);

        Assert.Equal("/", landed.OriginalString);
    }

    [Fact]
    public async Task A_missing_key_certificate_is_named()
    {
        var (exitCode, lines) = await RunAppAsync("--Data:KeyCertificate", "/nowhere/keys.pfx");

        Assert.Equal(1, exitCode);
        Assert.Contains("StandingsManager cannot start: Data:KeyCertificate names '/nowhere/keys.pfx', which does not exist. Give the path of a PKCS#12 (.pfx) file.", lines);
    }

    [Fact]
    public async Task With_a_key_certificate_the_key_ring_is_encrypted_at_rest()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=standings-keys", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = Path.Combine(NewDataDirectory(), "keys.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "secret"), TestContext.Current.CancellationToken);
        // The key folder of a SQLite installation (PostgreSQL keeps the ring in the database: MultiInstance tests).
        await using var app = new StandingsAppFactory(new() { ["Data:KeyCertificate"] = pfx, ["Data:KeyCertificatePassword"] = "secret", ["Database:Provider"] = "Sqlite" });
        using var browser = new DemoSignIn(app.BaseAddress);

        await browser.SignInAsync(DemoPersonas.Member); // the auth cookie needs a key: the ring is written

        var keyFile = Assert.Single(Directory.GetFiles(Path.Combine(app.DataDirectory, "keys-demo"), "key-*.xml"));
        var xml = await File.ReadAllTextAsync(keyFile, TestContext.Current.CancellationToken);
        Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal); // no plain master key
    }

    [Fact]
    public async Task Demo_mode_keeps_its_data_in_its_own_file()
    {
        await using var app = new StandingsAppFactory(new() { ["Database:Provider"] = "Sqlite" });

        _ = app.BaseAddress;

        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "standings-demo.db")));
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "standings.db")));
        Assert.True(await app.WithDbAsync(async db => (await db.Installation.SingleAsync()).IsDemo));
    }

    private static Task<(int ExitCode, string[] Lines)> RunAppAsync(params string[] args) => RunAppWithDataAsync(NewDataDirectory(), args);

    private static Task<(int ExitCode, string[] Lines)> RunAppWithDataAsync(string dataDirectory, params string[] args) =>
        RunAppWithDataAsync(dataDirectory, demoEnabled: true, args);

    /// <summary>Runs the published app as an operator would: the Production environment, settings on the command line.</summary>
    private static async Task<(int ExitCode, string[] Lines)> RunAppWithDataAsync(string dataDirectory, bool demoEnabled, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "StandingsManager.App.dll"));
        var demo = demoEnabled ? new[] { "--Demo:Enabled", "true" } : [];
        foreach (var arg in new[] { "--urls", "http://127.0.0.1:0", "--Data:Directory", dataDirectory }.Concat(demo).Concat(args))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        // A safety net, not a timing assertion: a process that starts when it must not is killed and fails the test. On a
        // 2-core machine under a full build the refusal itself has taken over 30 s to print.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The app started although it should have refused to. Its output:\n{await stdout}");
        }
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (process.ExitCode, lines);
    }

    private static string NewDataDirectory() => Directory.CreateDirectory(StandingsAppFactory.NewDataDirectory()).FullName;

    /// <summary>A database of the given kind at the first migration only, as an older version of the app left it; returns its migrations.</summary>
    private static async Task<List<string>> MarkAtFirstMigrationAsync(string connection, bool isDemo)
    {
        var options = new DbContextOptionsBuilder<StandingsDbContext>().UseSqlite(connection).Options;
        await using var db = new StandingsDbContext(options);
        await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First(), TestContext.Current.CancellationToken);
        await db.Database.ExecuteSqlAsync($"INSERT INTO Installation (Id, IsDemo, CreatedAt) VALUES (1, {isDemo}, 0)", TestContext.Current.CancellationToken);
        var applied = await AppliedMigrationsAsync(connection);
        Assert.True(applied.Count < db.Database.GetMigrations().Count(), "the database is behind the app's migrations");
        return applied;
    }

    private static async Task<List<string>> AppliedMigrationsAsync(string connection)
    {
        var options = new DbContextOptionsBuilder<StandingsDbContext>().UseSqlite(connection).Options;
        await using var db = new StandingsDbContext(options);
        var applied = (await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken)).ToList();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return applied;
    }
}
