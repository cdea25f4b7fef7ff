using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StandingsManager.Tests.TestSupport;

/// <summary>One request as the receiver got it: the exact body bytes and the headers that matter.</summary>
public sealed record ReceivedWebhook(byte[] Body, string? Signature, string? EventId, string? EventType, string? ContentType);

/// <summary>
/// A webhook receiver on a real Kestrel port (plain HTTP on loopback, which the tests allow through
/// <c>Webhooks:AllowNonPublicAddresses</c>): records every request and answers as scripted (200 unless told otherwise).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Every request that reached the receiver, in arrival order, answered however it was.</summary>
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/standings", async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var headers = context.Request.Headers;
            receiver.Received.Enqueue(new ReceivedWebhook(buffer.ToArray(), headers["X-Standings-Signature"], headers["X-Standings-Event-Id"],
                headers["X-Standings-Event"], context.Request.ContentType));
            if (receiver._script.TryDequeue(out var answer))
            {
                await answer(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri($"{address}/hooks/standings");
        return receiver;
    }

    public void ThenStatus(int status) => _script.Enqueue(context =>
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    });

    /// <summary>Runs <paramref name="during"/> once the next request has arrived, before answering it (200).</summary>
    public void ThenDuring(Func<Task> during) => _script.Enqueue(async context =>
    {
        await during();
        context.Response.StatusCode = StatusCodes.Status200OK;
    });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
