using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using StandingsManager.App.Hubs;

namespace StandingsManager.Tests.TestSupport;

/// <summary>Real SignalR clients of an app host's <c>/hubs/sync</c>, signed in with a browser's cookies.</summary>
public static class SyncHubClients
{
    public static HubConnection Connect(StandingsAppFactory app, CookieContainer? cookies, string? origin = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, SyncHub.Path), o =>
            {
                if (cookies is not null)
                    o.Cookies = cookies;
                if (origin is not null)
                    o.Headers["Origin"] = origin;
            })
            .Build();

    /// <summary>Completes when the server closes <paramref name="connection"/>.</summary>
    public static TaskCompletionSource Closed(HubConnection connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed;
    }
}
