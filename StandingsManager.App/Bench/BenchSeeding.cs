using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;

namespace StandingsManager.App.Bench;

/// <summary>
/// What the sync benches put in before measuring, on either database: entries on the first list, crowd pilots enrolled in
/// sync with a grant from the simulated SSO, and, for a converged start, every entry already in game and in the ledger.
/// </summary>
internal sealed class BenchSeeding(IServiceProvider services)
{
    private readonly IDbContextFactory<StandingsDbContext> _db = services.GetRequiredService<IDbContextFactory<StandingsDbContext>>();
    private readonly DemoEsiStore _store = services.GetRequiredService<DemoEsiStore>();
    private readonly TimeProvider _time = services.GetRequiredService<TimeProvider>();

    public async Task AddEntriesAsync(IEnumerable<(long Id, string Name, double Standing)> entries)
    {
        await using var db = await _db.CreateDbContextAsync();
        foreach (var (id, name, standing) in entries)
            db.Standings.Add(new StandingsEntry { ListId = StandingsList.FirstListId, EntityId = id, EntityType = EntityType.Character, EntityName = name, Standing = standing, AddedByName = "Bench", AddedAt = _time.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    /// <summary>The bench measures its own list only: any other list the demo seeds is switched off.</summary>
    public async Task OnlyFirstListAsync()
    {
        await using var db = await _db.CreateDbContextAsync();
        await db.Lists.Where(l => l.Id != StandingsList.FirstListId).ExecuteUpdateAsync(u => u.SetProperty(l => l.Enabled, false));
    }

    /// <summary>Accounts in the home corporation with a contact grant from the simulated SSO, enrolled but not yet due; the label exists in game.</summary>
    public async Task EnrolAsync(IReadOnlyList<long> ids)
    {
        var sso = services.GetRequiredService<DemoSsoServer>();
        var tokens = services.GetRequiredService<EveTokenStore>();
        var now = _time.GetUtcNow();
        foreach (var chunk in ids.Chunk(500))
        {
            await using var db = await _db.CreateDbContextAsync();
            var accounts = chunk.Select(id => new Account
            {
                CreatedAt = now,
                MainCharacterId = id,
                Characters = [new EveCharacter { Id = id, Name = DemoEsiUniverse.Find(id)!.Name, OwnerHash = DemoUniverse.OwnerHash(id), CorporationId = DemoUniverse.CrowdCorporationId, AddedAt = now }],
            }).ToList();
            db.Accounts.AddRange(accounts);
            await db.SaveChangesAsync();
            foreach (var account in accounts)
            {
                var character = account.Characters[0];
                var grant = new DemoSsoServer.Grant(character.Id, character.Name, character.OwnerHash, EveScopes.Contacts, DemoEve.ClientId, null, default);
                var issued = sso.Redeem(sso.IssueCode(grant), DemoEve.ClientId, null)!;
                db.Tokens.Add(new EveToken { CharacterId = character.Id, EncryptedRefreshToken = tokens.Protect(issued.RefreshToken!), Scopes = string.Join(' ', EveScopes.Contacts), UpdatedAt = now });
                db.SyncedCharacters.Add(new SyncedCharacter { CharacterId = character.Id, AccountId = account.Id, CreatedAt = now, NextSyncAt = now.AddDays(30) });
                _store.ReplaceLabels(character.Id, [new DemoEsiLabel(DemoEsiStore.StandingsLabelId, _store.StandingsLabelName)]);
            }
            await db.SaveChangesAsync();
        }
    }

    /// <summary>
    /// As <see cref="EnrolAsync"/>, with every entry already in game and in the ledger (written an hour ago), as after
    /// a first sync: the ledger rows go in through the database's bulk path (one prepared statement on SQLite, binary
    /// COPY on PostgreSQL), not millions of tracked entities.
    /// </summary>
    public async Task EnrolConvergedAsync(IReadOnlyList<long> ids)
    {
        await EnrolAsync(ids);
        List<StandingsEntry> entries;
        await using (var db = await _db.CreateDbContextAsync())
            entries = await db.Standings.AsNoTracking().Where(e => e.ListId == StandingsList.FirstListId).ToListAsync();
        var writtenAt = _time.GetUtcNow().AddHours(-1);
        var labels = SyncPlanner.FormatLabels([DemoEsiStore.StandingsLabelId]);
        long[] ourLabel = [DemoEsiStore.StandingsLabelId];

        await using var context = await _db.CreateDbContextAsync();
        foreach (var chunk in ids.Chunk(100))
        {
            var rows = chunk.SelectMany(id => entries.Where(e => e.EntityId != id).Select(e => (Character: id, Entry: e)));
            if (context.Database.GetDbConnection() is NpgsqlConnection npgsql)
                await CopyLedgerAsync(npgsql, rows, labels, writtenAt);
            else
                await InsertLedgerAsync((SqliteConnection)context.Database.GetDbConnection(), rows, labels, writtenAt);
            foreach (var id in chunk)
                _store.ReplaceContacts(id, entries.Where(e => e.EntityId != id).Select(e => new DemoEsiContact(e.EntityId, DemoEsiUniverse.Character, e.Standing, ourLabel, false, false)));
        }
    }

    private static async Task CopyLedgerAsync(NpgsqlConnection connection, IEnumerable<(long Character, StandingsEntry Entry)> rows, string labels, DateTimeOffset writtenAt)
    {
        if (connection.State != System.Data.ConnectionState.Open)
            await connection.OpenAsync();
        await using var copy = await connection.BeginBinaryImportAsync("""
            COPY "ManagedContacts" ("CharacterId", "ContactId", "ContactType", "Standing", "LabelIds", "ListIds", "Watched", "State", "WrittenAt")
            FROM STDIN (FORMAT BINARY)
            """);
        foreach (var (character, entry) in rows)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(character, NpgsqlDbType.Bigint);
            await copy.WriteAsync(entry.EntityId, NpgsqlDbType.Bigint);
            await copy.WriteAsync((int)EntityType.Character, NpgsqlDbType.Integer);
            await copy.WriteAsync(entry.Standing, NpgsqlDbType.Double);
            await copy.WriteAsync(labels, NpgsqlDbType.Varchar);
            await copy.WriteAsync("1", NpgsqlDbType.Varchar);
            await copy.WriteAsync(false, NpgsqlDbType.Boolean);
            await copy.WriteAsync((int)LedgerState.Written, NpgsqlDbType.Integer);
            await copy.WriteAsync(writtenAt.UtcDateTime, NpgsqlDbType.TimestampTz);
        }
        await copy.CompleteAsync();
    }

    private static async Task InsertLedgerAsync(SqliteConnection connection, IEnumerable<(long Character, StandingsEntry Entry)> rows, string labels, DateTimeOffset writtenAt)
    {
        if (connection.State != System.Data.ConnectionState.Open)
            await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO ManagedContacts (CharacterId, ContactId, ContactType, Standing, LabelIds, ListIds, Watched, State, WrittenAt)
            VALUES ($character, $contact, 0, $standing, $labels, '1', 0, 0, $at)
            """;
        var character = insert.Parameters.Add("$character", SqliteType.Integer);
        var contact = insert.Parameters.Add("$contact", SqliteType.Integer);
        var standing = insert.Parameters.Add("$standing", SqliteType.Real);
        insert.Parameters.AddWithValue("$labels", labels);
        insert.Parameters.AddWithValue("$at", (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(writtenAt)!);
        foreach (var row in rows)
        {
            character.Value = row.Character;
            contact.Value = row.Entry.EntityId;
            standing.Value = row.Entry.Standing;
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }
}
