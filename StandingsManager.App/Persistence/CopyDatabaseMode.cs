using Npgsql;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Persistence.Copying;

namespace StandingsManager.App.Persistence;

/// <summary>
/// <c>copy-database --to "&lt;PostgreSQL connection string&gt;"</c>: copies the installation the settings name (its SQLite
/// database and key folder, demo or not) into a new PostgreSQL database (<see cref="DatabaseCopy"/>), then exits: 0
/// when every row arrived, 1 with the reason otherwise. The app does not start.
/// </summary>
public static class CopyDatabaseMode
{
    public const string Command = "copy-database";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Command;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken ct = default)
    {
        var to = args.Length >= 3 && args[1] == "--to" ? args[2] : null;
        if (string.IsNullOrWhiteSpace(to))
        {
            await errors.WriteLineAsync($"Usage: StandingsManager.App {Command} --to \"Host=…;Database=…;Username=…;Password=…\" [settings]. " +
                "It copies the configured SQLite database into that new, empty PostgreSQL database.");
            return 1;
        }
        // The app's own settings (file, environment, the rest of the command line) say where the source is.
        var builder = WebApplication.CreateBuilder(args[3..]);
        builder.AddOperatorSettings();
        var location = DatabaseLocation.From(builder.Configuration, builder.Environment.ContentRootPath);
        if (location.Provider != DatabaseProvider.Sqlite)
        {
            await errors.WriteLineAsync($"{Command} copies from SQLite, but the settings say Database:Provider is {location.Provider}: run it with the SQLite installation's settings.");
            return 1;
        }
        try
        {
            await new DatabaseCopy(output).CopyAsync(location.ConnectionString, location.KeysDirectory, to, ct);
            await output.WriteLineAsync($"Done. Set Database:Provider to PostgreSQL and ConnectionStrings:Standings to the new database, then start the app.");
            return 0;
        }
        catch (DatabaseCopyException ex)
        {
            await errors.WriteLineAsync($"{Command} failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is NpgsqlException or Microsoft.EntityFrameworkCore.DbUpdateException or Microsoft.Data.Sqlite.SqliteException)
        {
            // Nothing was committed: the target holds at most the empty schema, which a second run accepts.
            await errors.WriteLineAsync($"{Command} failed, and the target holds no copied rows: {ex.GetBaseException().Message}");
        }
        return 1;
    }
}
