using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.Core.Api;

namespace StandingsManager.Tests.TestSupport;

/// <summary>API keys made the way an administrator makes them, and plain HTTP clients that present them.</summary>
public static class ApiClients
{
    /// <summary>Signs the demo administrator in (creating the account) and creates a key with these scopes.</summary>
    public static async Task<CreatedApiKey> CreateKeyAsync(StandingsAppFactory app, string name, IReadOnlyCollection<string> scopes, DateTimeOffset? expiresAt = null)
    {
        using (var admin = new DemoSignIn(app.BaseAddress))
            await admin.SignInAsync(DemoPersonas.Administrator);
        var adminId = await app.AccountOfAsync(DemoPersonas.Administrator);
        return await app.Services.GetRequiredService<ApiKeys>().CreateAsync(adminId, name, scopes, expiresAt, TestContext.Current.CancellationToken);
    }

    /// <summary>A client with no cookies that sends <paramref name="key"/> as a bearer token (none when null).</summary>
    public static HttpClient For(StandingsAppFactory app, string? key)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.BaseAddress };
        if (key is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
