using System.Data.Common;
using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace StandingsManager.Core.Persistence.Copying;

/// <summary>
/// Copies a SQLite installation into a new PostgreSQL database: every table of the model with its ids, the file key
/// ring into the database's key table (so the copy decrypts the same refresh tokens), the identity sequences moved past
/// the copied ids, and every table's row count checked. The target must hold no rows; the rows go in one transaction,
/// so a failure leaves the target with the empty schema only. Reads stream and writes go in batches through short
/// contexts: memory stays flat however large the database.
/// </summary>
public sealed class DatabaseCopy(TextWriter progress)
{
    public const int BatchSize = 1000;

    private const string MigrationsHistoryTable = "__EFMigrationsHistory";

    public async Task CopyAsync(string sqliteConnectionString, string keysDirectory, string postgreSqlConnectionString, CancellationToken ct)
    {
        if (DatabaseOptionsValidator.PostgreSqlProblem(postgreSqlConnectionString) is { } problem)
            throw new DatabaseCopyException($"--to is not a PostgreSQL connection string: {problem} Example: \"Host=db;Database=standings;Username=standings;Password=…\".");
        var targetName = Describe(postgreSqlConnectionString);
        await using var connection = new NpgsqlConnection(postgreSqlConnectionString);
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (NpgsqlException ex)
        {
            throw new DatabaseCopyException($"Cannot open the target database {targetName}: {ex.Message} Check the server, the database (create it first, empty) and the credentials.");
        }

        await using var source = await OpenSourceAsync(sqliteConnectionString, ct);
        if (await OccupiedTablesAsync(connection, source.Model, ct) is { Count: > 0 } occupied)
            throw new DatabaseCopyException($"The target database {targetName} is not empty: {string.Join(", ", occupied)} hold rows. " +
                "copy-database fills a new, empty database only (CREATE DATABASE …); nothing was changed.");
        // An installation last run by an older version: bring it up to date first, as the app's own start would.
        if ((await source.Database.GetPendingMigrationsAsync(ct)).Count() is > 0 and var pending)
        {
            progress.WriteLine($"Bringing the SQLite database up to date first ({pending} migrations).");
            await source.Database.MigrateAsync(ct);
        }

        var tables = TablesInCopyOrder(source.Model);
        var keyFiles = Directory.Exists(keysDirectory) ? Directory.GetFiles(keysDirectory, "*.xml").Order(StringComparer.Ordinal).ToArray() : [];
        var sourceCounts = new Dictionary<string, long>();
        foreach (var table in tables)
            sourceCounts[table.Name] = await CountAsync(source.Database.GetDbConnection(), table.Quoted, ct);
        var keysTable = tables.Single(t => t.EntityType.ClrType == typeof(DataProtectionKey));
        var tokensTable = tables.Single(t => t.EntityType.ClrType == typeof(Accounts.EveToken));
        if (sourceCounts[tokensTable.Name] > 0 && keyFiles.Length == 0 && sourceCounts[keysTable.Name] == 0)
            throw new DatabaseCopyException($"The database holds refresh tokens but the key folder {keysDirectory} holds no keys, so the copy could not decrypt them. " +
                "Run copy-database with the same Data:Directory (and demo setting) as the app; nothing was changed.");

        progress.WriteLine($"Copying {Path.GetFileName(new SqliteConnectionStringBuilder(sqliteConnectionString).DataSource)} into {targetName}.");
        var targetOptions = new DbContextOptionsBuilder<StandingsDbContext>()
            .UseNpgsql(connection, npgsql => npgsql.MigrationsAssembly(DatabaseOptions.PostgreSqlMigrationsAssembly)).Options;
        await using (var target = new StandingsDbContext(targetOptions))
        {
            progress.WriteLine("Creating the schema (PostgreSQL migrations).");
            await target.Database.MigrateAsync(ct);
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        // The only rows a just-migrated database holds are the migrations' own (the first list): the source's replace them.
        foreach (var table in tables.AsEnumerable().Reverse())
            await ExecuteAsync(connection, $"DELETE FROM {table.Quoted}", ct);
        foreach (var table in tables)
            await CopyTableAsync(source, table, sourceCounts[table.Name], targetOptions, transaction, ct);
        await MoveSequencesPastCopiedIdsAsync(connection, ct);
        await CopyKeyFilesAsync(keyFiles, targetOptions, transaction, ct);

        var expected = new Dictionary<string, long>(sourceCounts) { [keysTable.Name] = sourceCounts[keysTable.Name] + keyFiles.Length };
        var mismatches = new List<string>();
        foreach (var table in tables)
        {
            var copied = await CountAsync(connection, table.Quoted, ct);
            if (copied != expected[table.Name])
                mismatches.Add($"{table.Name}: {expected[table.Name]} expected, {copied} in the copy");
        }
        if (mismatches.Count > 0)
            throw new DatabaseCopyException($"The copy's row counts do not match, so nothing was committed: {string.Join("; ", mismatches)}.");
        await transaction.CommitAsync(ct);
        progress.WriteLine($"Checked: the row counts of all {tables.Count} tables match ({expected.Values.Sum()} rows, {keyFiles.Length} keys from {keysDirectory}).");
    }

    /// <summary>One table of the model: its entity type and its quoted name, the same on both engines.</summary>
    private sealed record Table(IEntityType EntityType, string Name, string Quoted);

    private static string Describe(string postgreSqlConnectionString)
    {
        var parsed = new NpgsqlConnectionStringBuilder(postgreSqlConnectionString);
        return $"\"{parsed.Database}\" on {parsed.Host}:{parsed.Port}";
    }

    private static async Task<StandingsDbContext> OpenSourceAsync(string sqliteConnectionString, CancellationToken ct)
    {
        var file = new SqliteConnectionStringBuilder(sqliteConnectionString).DataSource;
        if (!File.Exists(file))
            throw new DatabaseCopyException($"There is no SQLite database at {file}. Run copy-database with the app's settings (Data:Directory, ConnectionStrings:Standings, demo or not).");
        var options = new DbContextOptionsBuilder<StandingsDbContext>();
        options.UseStandingsDatabase(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder(sqliteConnectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString());
        var source = new StandingsDbContext(options.Options);
        try
        {
            if (!(await source.Database.GetAppliedMigrationsAsync(ct)).Any())
                throw new DatabaseCopyException($"{file} holds no StandingsManager database.");
            await source.Database.OpenConnectionAsync(ct);
            return source;
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    /// <summary>Principals before dependents, so every foreign key finds its row.</summary>
    private static List<Table> TablesInCopyOrder(IModel model)
    {
        var entityTypes = model.GetEntityTypes().Where(e => !e.IsOwned() && e.GetTableName() is not null).OrderBy(e => e.GetTableName(), StringComparer.Ordinal).ToList();
        foreach (var entityType in entityTypes)
        {
            // A value EF keeps beside the object would be lost by the no-tracking reads below.
            if (entityType.GetProperties().FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
                throw new InvalidOperationException($"{entityType.DisplayName()}.{shadow.Name} is a shadow property, which copy-database cannot copy: give it a CLR property.");
        }
        var ordered = new List<Table>();
        var placed = new HashSet<IEntityType>();
        while (placed.Count < entityTypes.Count)
        {
            var ready = entityTypes.FirstOrDefault(e => !placed.Contains(e)
                && e.GetForeignKeys().All(fk => fk.PrincipalEntityType == e || placed.Contains(fk.PrincipalEntityType) || fk.PrincipalEntityType.IsOwned()))
                ?? throw new InvalidOperationException("The model's foreign keys form a cycle; copy-database cannot order its tables.");
            placed.Add(ready);
            var name = ready.GetTableName()!;
            ordered.Add(new Table(ready, name, ready.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(name)}" : Quote(name)));
        }
        return ordered;
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>
    /// The target's tables holding rows, before anything is written: any table at all, ours or not, except the
    /// migrations' history and the first list a migration inserts (a database migrated and never used is still empty).
    /// </summary>
    private static async Task<List<string>> OccupiedTablesAsync(NpgsqlConnection connection, IModel model, CancellationToken ct)
    {
        var existing = new List<(string Schema, string Name)>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2",
            connection))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                existing.Add((reader.GetString(0), reader.GetString(1)));
        }
        var lists = model.FindEntityType(typeof(Lists.StandingsList))!;
        var occupied = new List<string>();
        foreach (var (schema, name) in existing.Where(t => t.Name != MigrationsHistoryTable))
        {
            var quoted = $"{Quote(schema)}.{Quote(name)}";
            var rows = $"SELECT EXISTS (SELECT 1 FROM {quoted})";
            if (name == lists.GetTableName())
            {
                var id = Quote(lists.FindProperty(nameof(Lists.StandingsList.Id))!.GetColumnName());
                var createdAt = Quote(lists.FindProperty(nameof(Lists.StandingsList.CreatedAt))!.GetColumnName());
                rows = $"SELECT EXISTS (SELECT 1 FROM {quoted} WHERE {id} <> {Lists.StandingsList.FirstListId} OR {createdAt} <> '1970-01-01T00:00:00Z')";
            }
            await using var command = new NpgsqlCommand(rows, connection);
            if (await command.ExecuteScalarAsync(ct) is true)
                occupied.Add(name);
        }
        return occupied;
    }

    private async Task CopyTableAsync(StandingsDbContext source, Table table, long total, DbContextOptions<StandingsDbContext> targetOptions,
        DbTransaction transaction, CancellationToken ct)
    {
        var times = table.EntityType.GetProperties().Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)).ToArray();
        var rows = (IAsyncEnumerable<object>)ReadMethod.MakeGenericMethod(table.EntityType.ClrType).Invoke(null, [source])!;
        var batch = new List<object>(BatchSize);
        long copied = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            batch.Add(row);
            if (batch.Count == BatchSize)
                copied = await WriteAsync(batch, copied);
        }
        copied = await WriteAsync(batch, copied);
        if (copied == 0)
            progress.WriteLine($"{table.Name}: 0/{total} rows");

        async Task<long> WriteAsync(List<object> rowsToWrite, long before)
        {
            if (rowsToWrite.Count == 0)
                return before;
            await using var target = new StandingsDbContext(targetOptions) { RecordsEntryChanges = false };
            await target.Database.UseTransactionAsync(transaction, ct);
            target.ChangeTracker.AutoDetectChangesEnabled = false;
            target.AddRange(rowsToWrite);
            foreach (var entry in target.ChangeTracker.Entries())
            {
                // PostgreSQL's timestamptz takes UTC only; SQLite kept whatever offset was written.
                foreach (var time in times)
                {
                    if (entry.Property(time.Name).CurrentValue is DateTimeOffset { Offset.Ticks: not 0 } local)
                        entry.Property(time.Name).CurrentValue = local.ToUniversalTime();
                }
            }
            await target.SaveChangesAsync(ct);
            var after = before + rowsToWrite.Count;
            rowsToWrite.Clear();
            progress.WriteLine($"{table.Name}: {after}/{total} rows");
            return after;
        }
    }

    private static readonly System.Reflection.MethodInfo ReadMethod =
        typeof(DatabaseCopy).GetMethod(nameof(Read), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    /// <summary>Streams a table without tracking: one row in memory at a time on the reading side.</summary>
    private static IAsyncEnumerable<T> Read<T>(StandingsDbContext source) where T : class => source.Set<T>().AsNoTracking().AsAsyncEnumerable();

    /// <summary>Each identity's next value comes after the highest copied id, so the next row added does not collide.</summary>
    private static async Task MoveSequencesPastCopiedIdsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var identities = new List<(string Table, string Column)>();
        await using (var list = new NpgsqlCommand(
            "SELECT format('%I.%I', table_schema, table_name), column_name FROM information_schema.columns " +
            "WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%') ORDER BY 1, 2", connection))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                identities.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (table, column) in identities)
        {
            await using var move = new NpgsqlCommand(
                $"SELECT setval(pg_get_serial_sequence(@table, @column), COALESCE((SELECT MAX({Quote(column)}) FROM {table}), 0) + 1, false)", connection);
            move.Parameters.AddWithValue("table", table);
            move.Parameters.AddWithValue("column", column);
            await move.ExecuteScalarAsync(ct);
        }
    }

    /// <summary>The file key ring, as the database key store would have written each key: its name and its XML on one line.</summary>
    private async Task CopyKeyFilesAsync(string[] keyFiles, DbContextOptions<StandingsDbContext> targetOptions, DbTransaction transaction, CancellationToken ct)
    {
        await using var target = new StandingsDbContext(targetOptions);
        await target.Database.UseTransactionAsync(transaction, ct);
        foreach (var file in keyFiles)
            target.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = Path.GetFileNameWithoutExtension(file), Xml = XElement.Load(file).ToString(SaveOptions.DisableFormatting) });
        await target.SaveChangesAsync(ct);
        progress.WriteLine($"Data Protection keys: {keyFiles.Length} from the key folder");
    }

    private static async Task<long> CountAsync(DbConnection connection, string quotedTable, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {quotedTable}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
