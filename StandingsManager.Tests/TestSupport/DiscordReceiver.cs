using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StandingsManager.Tests.TestSupport;

/// <summary>
/// A Discord webhook endpoint on a real Kestrel port: records what is posted and answers as scripted (204 unless told
/// otherwise), including Discord's 429 body with <c>retry_after</c>.
/// </summary>
public sealed class DiscordReceiver : IAsyncDisposable
{
    public const string Token = "s3cr3t-webhook-token-do-not-log";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();

    private DiscordReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<JsonElement> Posts { get; } = new();

    /// <summary>Every request that reached the endpoint, answered however it was.</summary>
    public int Requests => _requests;
    private int _requests;

    public Uri WebhookUrl { get; private set; } = null!;

    public static async Task<DiscordReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new DiscordReceiver(app);
        app.MapPost($"/api/webhooks/4242/{Token}", async context =>
        {
            Interlocked.Increment(ref receiver._requests);
            if (receiver._script.TryDequeue(out var answer))
            {
                await answer(context);
                return;
            }
            await receiver.AcceptAsync(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.WebhookUrl = new Uri($"{address}/api/webhooks/4242/{Token}");
        return receiver;
    }

    private async Task AcceptAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        Posts.Enqueue(body.RootElement.Clone());
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>Holds the next post while <paramref name="during"/> runs (another relay's whole round, say), then accepts it as usual.</summary>
    public void ThenDuring(Func<Task> during) => _script.Enqueue(async context =>
    {
        await during();
        await AcceptAsync(context);
    });

    public void ThenRateLimit(double retryAfterSeconds) => _script.Enqueue(async context =>
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Ceiling(retryAfterSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await context.Response.WriteAsJsonAsync(new { message = "You are being rate limited.", retry_after = retryAfterSeconds, global = false });
    });

    public void ThenStatus(int status) => _script.Enqueue(context =>
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
