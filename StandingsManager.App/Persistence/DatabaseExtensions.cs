using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.LiveEvents;
using StandingsManager.Core.Persistence;

namespace StandingsManager.App.Persistence;

public static class DatabaseExtensions
{
    /// <summary>
    /// The database (<c>Database:Provider</c>): SQLite in the data folder (<c>Data:Directory</c>, default <c>data</c>)
    /// with the keys beside it, or PostgreSQL with the keys in it, so every instance reads every cookie and token; and
    /// the start-up step that checks and migrates it. Demo mode on SQLite uses its own database file, so it never opens
    /// the production one by accident.
    /// </summary>
    public static WebApplicationBuilder AddStandingsDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().Configure(o => o.ReadFrom(builder.Configuration)).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        var location = DatabaseLocation.From(builder.Configuration, builder.Environment.ContentRootPath);
        var onPostgreSql = location.Provider == DatabaseProvider.PostgreSQL;
        builder.Services.AddStandingsDbContext(location.Provider, location.ConnectionString);
        // Before Data Protection's own start, which reads the key ring: on PostgreSQL that table comes with the migrations.
        builder.Services.AddHostedService<DatabaseStartup>();
        // Several instances share a PostgreSQL database: each one's live events reach the others' pages and hub clients.
        if (onPostgreSql)
            builder.Services.AddLiveEventsAcrossInstances(location.ConnectionString);
        // Keys encrypt cookies and refresh tokens: beside the SQLite file, or in the shared PostgreSQL database.
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("StandingsManager");
        if (onPostgreSql)
            dataProtection.PersistKeysToDbContext<StandingsDbContext>();
        else
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(location.KeysDirectory));
        // Optional: encrypt the key ring itself, so a copy of the data folder alone does not reveal refresh tokens.
        if (builder.Configuration["Data:KeyCertificate"] is { Length: > 0 } certificatePath)
            dataProtection.ProtectKeysWithCertificate(LoadCertificate(certificatePath, builder.Configuration["Data:KeyCertificatePassword"]));
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
