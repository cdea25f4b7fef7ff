using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StandingsManager.App.Demo;
using StandingsManager.App.Persistence;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Api;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Persistence.Instances;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Persistence;

/// <summary>
/// <c>copy-database</c> moves a SQLite installation to PostgreSQL. The source is always SQLite and the target always
/// PostgreSQL (the throwaway cluster), whichever database the run uses otherwise.
/// </summary>
public sealed class CopyDatabaseTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _data = Directory.CreateDirectory(StandingsAppFactory.NewDataDirectory()).FullName;
    private readonly List<string> _targets = [];

    private string SqliteSource => CoreServiceCollectionExtensions.SqliteFile(Path.Combine(_data, "standings-demo.db"));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var target in _targets)
            await TestDatabases.DropPostgreSqlAsync(target);
        StandingsAppFactory.DeleteDataDirectory(_data);
    }

    private async Task<string> NewTargetAsync(bool migrated)
    {
        var target = await TestDatabases.NewPostgreSqlAsync(migrated: migrated);
        _targets.Add(target);
        return target;
    }

    [Fact]
    public async Task The_built_app_copies_every_table_with_its_ids_and_keys_and_the_app_runs_on_the_copy()
    {
        await SeedDemoInstallationAsync();
        await using var source = SourceContext();
        var tables = source.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct().Order(StringComparer.Ordinal).ToList();
        var sourceCounts = new Dictionary<string, long>();
        foreach (var table in tables)
            sourceCounts[table] = await CountAsync(source, table);
        // Every table takes part, so a table added later without rows here fails this test until it is seeded too. The
        // SQLite key table stays empty, as on every SQLite installation: its keys are files.
        Assert.Empty(sourceCounts.Where(c => c.Value == 0 && c.Key != nameof(StandingsDbContext.DataProtectionKeys)).Select(c => c.Key));
        var keyFiles = Directory.GetFiles(Path.Combine(_data, "keys-demo"), "*.xml");
        Assert.NotEmpty(keyFiles);
        var target = await NewTargetAsync(migrated: false);

        var (exitCode, output) = await RunBuiltAppAsync("copy-database", "--to", target,
            "--Data:Directory", _data, "--Demo:Enabled", "true", "--Eve:ClientId", "");

        Assert.True(exitCode == 0, output);
        foreach (var table in tables.Where(t => t != nameof(StandingsDbContext.DataProtectionKeys)))
            Assert.Contains($"{table}: {sourceCounts[table]}/{sourceCounts[table]} rows", output, StringComparison.Ordinal);
        Assert.Contains("Checked: the row counts of all", output, StringComparison.Ordinal);

        await using (var copy = TargetContext(target))
        {
            foreach (var table in tables)
                Assert.True(sourceCounts[table] + (table == nameof(StandingsDbContext.DataProtectionKeys) ? keyFiles.Length : 0) == await CountAsync(copy, table), table);
            Assert.Equal(await AuditRowsAsync(source), await AuditRowsAsync(copy));
            Assert.Equal(await source.Tokens.OrderBy(t => t.Id).Select(t => new { t.Id, t.CharacterId, t.EncryptedRefreshToken }).ToListAsync(Ct),
                await copy.Tokens.OrderBy(t => t.Id).Select(t => new { t.Id, t.CharacterId, t.EncryptedRefreshToken }).ToListAsync(Ct));
            Assert.Equal(await source.Lists.OrderBy(l => l.Id).Select(l => new { l.Id, l.Name, l.Priority }).ToListAsync(Ct),
                await copy.Lists.OrderBy(l => l.Id).Select(l => new { l.Id, l.Name, l.Priority }).ToListAsync(Ct));
            // Written with a +02:00 offset into SQLite: the same instant in PostgreSQL, which keeps UTC.
            var written = await source.Notifications.Where(n => n.Title == OffsetNotification).Select(n => n.CreatedAt).SingleAsync(Ct);
            Assert.Equal(written, await copy.Notifications.Where(n => n.Title == OffsetNotification).Select(n => n.CreatedAt).SingleAsync(Ct));
        }

        // The app on the copy, with a new data folder (no key files): the keys came along, so the copied refresh token
        // decrypts and refreshes at the simulated SSO; new rows take ids after the copied ones.
        var persona = DemoUniverse.Personas[0].Id;
        await using var app = new StandingsAppFactory(new() { ["Database:Provider"] = "PostgreSQL", ["ConnectionStrings:Standings"] = target });
        using var scope = app.Services.CreateAsyncScope();
        Assert.False(string.IsNullOrEmpty(await scope.ServiceProvider.GetRequiredService<EveTokenStore>().GetAccessTokenAsync(persona, Ct)));
        var highestAudit = await source.Audit.MaxAsync(a => a.Id, Ct);
        var added = await app.WithDbAsync(async db =>
        {
            var entry = new AuditEntry { At = DateTimeOffset.UtcNow, Action = AuditAction.EntryAdded, ActorName = "After the copy" };
            db.Audit.Add(entry);
            await db.SaveChangesAsync(Ct);
            return entry.Id;
        });
        Assert.True(added > highestAudit, $"{added} after {highestAudit}"); // the app's own start-up may have written audit rows first
    }

    [Fact]
    public async Task A_target_the_app_has_used_is_refused_and_left_as_it_was()
    {
        await MigrateEmptySourceAsync();
        var target = await NewTargetAsync(migrated: true);
        await using (var used = TargetContext(target))
        {
            used.Installation.Add(new Installation { IsDemo = true, CreatedAt = DateTimeOffset.UtcNow });
            await used.SaveChangesAsync(Ct);
        }

        var (exitCode, _, errors) = await RunInProcessAsync(target);

        Assert.Equal(1, exitCode);
        Assert.Contains("is not empty: Installation hold rows", errors, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", errors, StringComparison.Ordinal);
        await using var after = TargetContext(target);
        Assert.Equal(1, await after.Installation.CountAsync(Ct));
        Assert.Equal([StandingsList.FirstListId], await after.Lists.Select(l => l.Id).ToListAsync(Ct));
    }

    [Fact]
    public async Task A_target_with_any_table_holding_rows_is_refused_before_anything_is_created()
    {
        await MigrateEmptySourceAsync();
        var target = await NewTargetAsync(migrated: false);
        await ExecuteAsync(target, "CREATE TABLE notes (text text); INSERT INTO notes VALUES ('keep me')");

        var (exitCode, _, errors) = await RunInProcessAsync(target);

        Assert.Equal(1, exitCode);
        Assert.Contains("is not empty: notes hold rows", errors, StringComparison.Ordinal);
        await using var after = new NpgsqlConnection(target);
        await after.OpenAsync(Ct);
        await using var tables = new NpgsqlCommand("SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = 'public'", after);
        Assert.Equal("notes", await tables.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task A_database_only_migrated_counts_as_empty_and_receives_the_copy()
    {
        await MigrateEmptySourceAsync();
        var target = await NewTargetAsync(migrated: true);

        var (exitCode, output, errors) = await RunInProcessAsync(target);

        Assert.True(exitCode == 0, errors);
        Assert.Contains("StandingsLists: 1/1 rows", output, StringComparison.Ordinal);
        Assert.Contains("Accounts: 0/0 rows", output, StringComparison.Ordinal);
        await using var copy = TargetContext(target);
        Assert.Equal(0, await copy.Installation.CountAsync(Ct)); // the empty source had none: nothing of the target's own stayed
        Assert.Single(await copy.Lists.ToListAsync(Ct));
    }

    [Fact]
    public async Task Tokens_without_their_keys_are_refused_before_the_target_changes()
    {
        await MigrateEmptySourceAsync();
        await using (var source = SourceContext())
        {
            var account = new Account { CreatedAt = DateTimeOffset.UtcNow };
            account.Characters.Add(new EveCharacter { Id = 90_000_001, Name = "Ada", OwnerHash = "hash", AddedAt = DateTimeOffset.UtcNow });
            source.Accounts.Add(account);
            source.Tokens.Add(new EveToken { CharacterId = 90_000_001, EncryptedRefreshToken = "sealed elsewhere", UpdatedAt = DateTimeOffset.UtcNow });
            await source.SaveChangesAsync(Ct);
        }
        var target = await NewTargetAsync(migrated: false);

        var (exitCode, _, errors) = await RunInProcessAsync(target);

        Assert.Equal(1, exitCode);
        Assert.Contains("holds no keys", errors, StringComparison.Ordinal);
        await using var after = TargetContext(target);
        Assert.Empty(await after.Database.GetAppliedMigrationsAsync(Ct));
    }

    [Theory]
    [InlineData(null, "Usage: StandingsManager.App copy-database --to")]
    [InlineData("Database=standings", "not a PostgreSQL connection string: it names no Host.")]
    [InlineData("Host=127.0.0.1;Port={port};Database=standings;Username=x;Password=y;Timeout=3", "Cannot open the target database \"standings\" on 127.0.0.1")]
    public async Task A_missing_bad_or_unreachable_target_fails_with_the_reason(string? to, string reason)
    {
        await MigrateEmptySourceAsync();
        string[] args = to is null ? ["copy-database"] : ["copy-database", "--to", to.Replace("{port}", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)];
        using StringWriter output = new(), errors = new();

        var exitCode = await CopyDatabaseMode.RunAsync([.. args, "--ConnectionStrings:Standings", SqliteSource, "--Data:Directory", _data], output, errors, Ct);

        Assert.Equal(1, exitCode);
        Assert.Contains(reason, errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_already_on_PostgreSQL_are_refused()
    {
        var target = await NewTargetAsync(migrated: false);
        using StringWriter output = new(), errors = new();

        var exitCode = await CopyDatabaseMode.RunAsync(["copy-database", "--to", target, "--Database:Provider", "PostgreSQL", "--ConnectionStrings:Standings", target], output, errors, Ct);

        Assert.Equal(1, exitCode);
        Assert.Contains("copies from SQLite, but the settings say Database:Provider is PostgreSQL", errors.ToString(), StringComparison.Ordinal);
    }

    private const string OffsetNotification = "Written with an offset";

    /// <summary>
    /// The demo as a user runs it (accounts, roles, grants, lists, entries, requests, revocations, audit, sync history, a
    /// session), then a row in each table the demo leaves empty.
    /// </summary>
    private async Task SeedDemoInstallationAsync()
    {
        await using (var app = new StandingsAppFactory(new()
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Standings"] = SqliteSource,
            [DemoSeeder.SeedSyncSetting] = "true",
            [DemoSeeder.SeedSystemRevocationSetting] = "true",
            [DemoSeeder.SeedWarTargetsSetting] = "true",
            [DemoSeeder.SeedCoalitionBluesSetting] = "true",
        }, dataDirectory: _data))
        {
            using var signIn = new DemoSignIn(app.BaseAddress);
            await signIn.SignInAsync(DemoUniverse.Personas[0].Id);
        }
        await using var db = SourceContext();
        var now = DateTimeOffset.UtcNow;
        var account = await db.Accounts.OrderBy(a => a.Id).FirstAsync(Ct);
        var character = await db.Characters.OrderBy(c => c.Id).FirstAsync(Ct);
        db.Notifications.Add(new Notification { AccountId = account.Id, CreatedAt = now.ToOffset(TimeSpan.FromHours(2)), Title = OffsetNotification });
        if (!await db.OutboundAlerts.AnyAsync(Ct))
            db.OutboundAlerts.Add(new OutboundAlert { CreatedAt = now, Title = "Sync failing", NextAttemptAt = now });
        if (!await db.SettingsAdministratorBindings.AnyAsync(Ct))
            db.SettingsAdministratorBindings.Add(new SettingsAdministratorBinding { CharacterId = character.Id, OwnerHash = character.OwnerHash, BoundAt = now });
        if (!await db.SyncInstances.AnyAsync(Ct))
            db.SyncInstances.Add(new SyncInstance { Owner = "host/1/old", BeatAt = now });
        if (!await db.WorkLeases.AnyAsync(Ct))
            db.WorkLeases.Add(new WorkLease { Name = "validator", Owner = "host/1/old", Until = now });
        if (!await db.ManagedContacts.AnyAsync(Ct))
            db.ManagedContacts.Add(new ManagedContact { CharacterId = character.Id, ContactId = 98_000_004, Standing = -10, WrittenAt = now });
        if (!await db.SyncedCharacterLists.AnyAsync(Ct))
            db.SyncedCharacterLists.Add(new SyncedCharacterList { CharacterId = await db.SyncedCharacters.Select(c => c.CharacterId).FirstAsync(Ct), ListId = StandingsList.FirstListId });
        if (!await db.Set<KnownWar>().AnyAsync(Ct))
            db.Set<KnownWar>().Add(new KnownWar { Id = 7, ReadAt = now, Declared = now });
        if (!await db.Set<WarScanState>().AnyAsync(Ct))
            db.Set<WarScanState>().Add(new WarScanState { NewestWarId = 7 });
        if (!await db.Set<ApiKey>().AnyAsync(Ct))
            db.Set<ApiKey>().Add(new ApiKey { Name = "Bot", Scopes = ApiScopes.StandingsRead, KeyHash = new string('a', 64), Prefix = "smk_aaaaaaaa", CreatedAt = now, CreatedByName = "Ada Admiral" });
        if (!await db.Webhooks.AnyAsync(Ct))
            db.Webhooks.Add(new StandingsManager.Core.Webhooks.Webhook { ListId = StandingsList.FirstListId, Url = "https://hooks.example.com/standings", EncryptedSecret = "not-a-real-secret", CreatedByName = "Ada Admiral", CreatedAt = now, NextAttemptAt = now });
        await db.SaveChangesAsync(Ct);
    }

    private async Task MigrateEmptySourceAsync()
    {
        await using var db = SourceContext();
        await db.Database.MigrateAsync(Ct);
    }

    private StandingsDbContext SourceContext() => new(TestDatabases.Options(DatabaseProvider.Sqlite, SqliteSource).Options);

    private static StandingsDbContext TargetContext(string target) => new(TestDatabases.Options(DatabaseProvider.PostgreSQL, target).Options);

    private static async Task<long> CountAsync(StandingsDbContext db, string table)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<(long, AuditAction, long?, DateTimeOffset, string)>> AuditRowsAsync(StandingsDbContext db) =>
        [.. (await db.Audit.AsNoTracking().ToListAsync(Ct)).OrderBy(a => a.Id).Select(a => (a.Id, a.Action, a.SubjectId, a.At, a.ActorName))];

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<(int ExitCode, string Output, string Errors)> RunInProcessAsync(string target)
    {
        using StringWriter output = new(), errors = new();
        var exitCode = await CopyDatabaseMode.RunAsync(["copy-database", "--to", target, "--ConnectionStrings:Standings", SqliteSource, "--Data:Directory", _data,
            "--Demo:Enabled", "true", "--Eve:ClientId", ""], output, errors, Ct);
        return (exitCode, output.ToString(), errors.ToString());
    }

    /// <summary>The app the tests built, as its own process in the data folder, as an operator runs it on the server.</summary>
    private async Task<(int ExitCode, string Output)> RunBuiltAppAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _data };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "StandingsManager.App.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output + await errors);
    }
}
