using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Persistence;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.MultiInstance;

/// <summary>
/// Two app hosts on one PostgreSQL database, whatever database the run's pass uses: what sharing the database itself
/// must give (one migration, one seeding, one key ring, an append-only audit log that PostgreSQL enforces).
/// </summary>
public sealed class SharedDatabaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StandingsAppFactory Host(string connectionString, string? dataDirectory = null) => new(new()
    {
        ["Database:Provider"] = "PostgreSQL",
        ["ConnectionStrings:Standings"] = connectionString,
    }, dataDirectory: dataDirectory);

    [Fact]
    public async Task Two_instances_starting_at_once_on_an_empty_database_migrate_and_seed_it_once()
    {
        var database = await TestDatabases.NewPostgreSqlAsync(migrated: false);
        try
        {
            await using var a = Host(database);
            await using var b = Host(database);

            // Both start together: the start-up lock lets one migrate (and seed the demo) while the other waits.
            await Task.WhenAll(Task.Run(() => a.BaseAddress, Ct), Task.Run(() => b.BaseAddress, Ct));

            await using var db = new StandingsDbContext(TestDatabases.Options(DatabaseProvider.PostgreSQL, database).Options);
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Ct));
            Assert.Equal(1, await db.Installation.CountAsync(Ct));
            var personas = StandingsManager.App.Demo.DemoUniverse.Personas.Count;
            Assert.Equal(personas, await db.Accounts.CountAsync(Ct));
            Assert.Equal(HttpStatusCode.OK, (await new HttpClient { BaseAddress = a.BaseAddress }.GetAsync("/healthz", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await new HttpClient { BaseAddress = b.BaseAddress }.GetAsync("/healthz", Ct)).StatusCode);
        }
        finally
        {
            await TestDatabases.DropPostgreSqlAsync(database);
        }
    }

    [Fact]
    public async Task A_sign_in_on_one_instance_works_on_the_other_which_also_reads_the_refresh_tokens()
    {
        var database = await TestDatabases.NewPostgreSqlAsync(migrated: false);
        try
        {
            await using var a = Host(database);
            _ = a.BaseAddress;
            await using var b = Host(database);
            using var onA = new DemoSignIn(a.BaseAddress);
            await onA.SignInAsync(DemoPersonas.Member);
            await onA.AddCharacterAsync(DemoPersonas.Member);

            // The same cookies, sent to B: B decrypts them with the key ring A wrote into the database.
            using var onB = new HttpClient(new HttpClientHandler { CookieContainer = CopyCookies(onA.Cookies, a.BaseAddress, b.BaseAddress), AllowAutoRedirect = false })
            {
                BaseAddress = b.BaseAddress,
            };
            var page = await onB.GetAsync("/request-standings", Ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);

            // And B reads the refresh token A stored: its own SSO exchange for an access token starts from it.
            var tokens = b.Services.GetRequiredService<EveTokenStore>();
            Assert.False(string.IsNullOrEmpty(await tokens.GetAccessTokenAsync(DemoPersonas.Member, Ct)));
            await using var db = new StandingsDbContext(TestDatabases.Options(DatabaseProvider.PostgreSQL, database).Options);
            Assert.Single(await db.DataProtectionKeys.ToListAsync(Ct));
            Assert.False(Directory.Exists(Path.Combine(a.DataDirectory, "keys-demo")));
        }
        finally
        {
            await TestDatabases.DropPostgreSqlAsync(database);
        }
    }

    [Fact]
    public async Task PostgreSQL_refuses_to_change_delete_or_truncate_audit_rows()
    {
        var database = await TestDatabases.NewPostgreSqlAsync();
        try
        {
            await using var db = new StandingsDbContext(TestDatabases.Options(DatabaseProvider.PostgreSQL, database).Options);
            db.Audit.Add(new AuditEntry { At = DateTimeOffset.UtcNow, Action = AuditAction.EntryAdded, ActorName = "Test", SubjectName = "Someone" });
            await db.SaveChangesAsync(Ct);

            foreach (var statement in new[] { """UPDATE "Audit" SET "ActorName" = 'Rewritten'""", """DELETE FROM "Audit" """, """TRUNCATE "Audit" """ })
            {
                var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync(statement, Ct));
                Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
            }
            Assert.Equal("Test", (await db.Audit.AsNoTracking().SingleAsync(Ct)).ActorName);
        }
        finally
        {
            await TestDatabases.DropPostgreSqlAsync(database);
        }
    }

    [Fact]
    public async Task The_PostgreSQL_migrations_match_the_model_and_keep_the_first_list_s_id_free_of_new_lists()
    {
        var database = await TestDatabases.NewPostgreSqlAsync(migrated: false);
        try
        {
            await using var db = new StandingsDbContext(TestDatabases.Options(DatabaseProvider.PostgreSQL, database).Options);
            await db.Database.MigrateAsync(Ct);
            await db.Database.MigrateAsync(Ct);

            Assert.False(db.Database.HasPendingModelChanges());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Ct));
            var first = await db.Lists.SingleAsync(Ct);
            Assert.Equal(StandingsManager.Core.Lists.StandingsList.FirstListId, first.Id);
            // A list added next takes the identity's next value, not the first list's.
            db.Lists.Add(new StandingsManager.Core.Lists.StandingsList { Name = "Second", LabelName = "Second", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Ct);
            Assert.Equal(2, await db.Lists.CountAsync(Ct));
        }
        finally
        {
            await TestDatabases.DropPostgreSqlAsync(database);
        }
    }

    private static CookieContainer CopyCookies(CookieContainer from, Uri fromAddress, Uri toAddress)
    {
        var to = new CookieContainer();
        foreach (Cookie cookie in from.GetCookies(fromAddress))
            to.Add(toAddress, new Cookie(cookie.Name, cookie.Value, "/"));
        return to;
    }
}
