using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Persistence;

namespace StandingsManager.App.Persistence;

public static class DatabaseExtensions
{
    /// <summary>
    /// SQLite in the data folder (<c>Data:Directory</c>, default <c>data</c>), the keys beside it, and the start-up
    /// step that checks and migrates it. Demo mode uses its own database file, so it never opens the production one by accident.
    /// </summary>
    public static WebApplicationBuilder AddStandingsDatabase(this WebApplicationBuilder builder)
    {
        var dataDirectory = Path.GetFullPath(builder.Configuration["Data:Directory"] ?? "data", builder.Environment.ContentRootPath);
        var isDemo = EveOptions.IsDemoConfigured(builder.Configuration);
        var connectionString = builder.Configuration.GetConnectionString("Standings")
            ?? CoreServiceCollectionExtensions.SqliteFile(Path.Combine(dataDirectory, isDemo ? "standings-demo.db" : "standings.db"));

        builder.Services.AddStandingsDbContext(connectionString);
        // Keys encrypt cookies and (later) refresh tokens; they live beside the database.
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("StandingsManager")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, isDemo ? "keys-demo" : "keys")));
        // Optional: encrypt the key ring itself, so a copy of the data folder alone does not reveal refresh tokens.
        if (builder.Configuration["Data:KeyCertificate"] is { Length: > 0 } certificatePath)
            dataProtection.ProtectKeysWithCertificate(LoadCertificate(certificatePath, builder.Configuration["Data:KeyCertificatePassword"]));
        builder.Services.AddHostedService<DatabaseStartup>();
        return builder;
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 LoadCertificate(string path, string? password)
    {
        if (!File.Exists(path))
            throw new StartupException($"Data:KeyCertificate names '{path}', which does not exist. Give the path of a PKCS#12 (.pfx) file.");
        try
        {
            return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new StartupException($"Data:KeyCertificate '{path}' could not be opened ({ex.Message}); check the file and Data:KeyCertificatePassword.");
        }
    }
}
