using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Tests.Simulator;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.EsiIntegration;

/// <summary>
/// The app's own <see cref="EsiClient"/> (resolved from the app's DI, so with its real resilience handler and
/// gate) talking over real HTTP to the app's built-in ESI simulator, everything on one <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class EsiRig : IAsyncDisposable
{
    /// <summary>
    /// One second into a minute: the simulator's error window is aligned to whole minutes of the clock, so wire
    /// counts read from <c>X-ESI-Error-Limit-Remain</c> stay exact while retries push the fake clock a few seconds on.
    /// </summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 9, 1, 12, 0, 1, TimeSpan.Zero);

    private readonly IServiceScope _scope;

    public EsiRig(DateTimeOffset? start = null, Action<IServiceCollection>? services = null, Dictionary<string, string?>? settings = null)
    {
        Time = new WatchedFakeTimeProvider(start ?? DefaultStart);
        Host = new SimulatorHost(Time, services, settings);
        _scope = Host.Services.CreateScope();
        Esi = _scope.ServiceProvider.GetRequiredService<EsiClient>();
    }

    public WatchedFakeTimeProvider Time { get; }
    public SimulatorHost Host { get; }
    public EsiClient Esi { get; }
    public DemoEsiStore Store => Host.Store;
    public DemoEsiFaults Faults => Host.Faults;
    public EsiGate Gate => Host.Services.GetRequiredService<EsiGate>();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A token with both contact scopes, as the sync engine holds.</summary>
    public string Token(long characterId) => Host.Token(characterId, SimulatorHost.AllContactScopes);

    /// <summary>
    /// Errors left in the simulator's error window, read with a harmless public GET that itself costs nothing.
    /// Every 4xx/5xx response on any route lowers it by one, so the difference counts failed requests on the wire.
    /// </summary>
    public async Task<int> ErrorsRemainAsync()
    {
        using var response = await Host.SendAsync(HttpMethod.Get, $"/characters/{DemoPersonas.Administrator}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return int.Parse(SimulatorHost.Header(response, "X-ESI-Error-Limit-Remain"), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Tokens left in a character's char-social bucket (as the app's client sees it), read with a labels GET that
    /// itself costs 2. Successful requests cost 2 each, so the difference counts successful requests on the wire.
    /// </summary>
    public async Task<int> SocialTokensLeftAfterProbeAsync(long characterId)
    {
        using var response = await Host.SendAsync(HttpMethod.Get, $"/characters/{characterId}/contacts/labels", Token(characterId));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return int.Parse(SimulatorHost.Header(response, "X-Ratelimit-Remaining"), CultureInfo.InvariantCulture);
    }

    /// <summary>Waits (real time, as a safety net only) until the simulator has taken every queued fault.</summary>
    public async Task WaitUntilFaultsTakenAsync()
    {
        var safety = Stopwatch.StartNew();
        while (Faults.Pending > 0)
        {
            if (safety.Elapsed > TimeSpan.FromMinutes(1))
                Assert.Fail("Safety net: the simulator did not receive the call within a minute of real time.");
            await Task.Delay(10, Ct);
        }
    }

    /// <summary>
    /// Runs <paramref name="task"/> to completion and returns its result (or throws its exception), moving fake time
    /// only to the next timer the app is waiting on (retry backoff, a gate pause) and only when that wake-up is at
    /// most 10 s away. The 30 s attempt timeout, also on the fake clock, is never reached while a request is still in
    /// flight, however slow the machine; the real-time limit is only a safety net against a hang, never a timing assertion.
    /// </summary>
    public async Task<T> PumpAsync<T>(Task<T> task)
    {
        var longestJump = TimeSpan.FromSeconds(10);
        var fakeTimeLimit = TimeSpan.FromSeconds(40);
        var start = Time.GetUtcNow();
        var safety = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(20, Ct));
            if (task.IsCompleted)
                break;
            if (safety.Elapsed > TimeSpan.FromMinutes(1))
                Assert.Fail("Safety net: the call did not finish within a minute of real time.");
            var now = Time.GetUtcNow();
            if (Time.NextDue is not { } due || due <= now || due - now > longestJump)
                continue;
            if (due - start > fakeTimeLimit)
                Assert.Fail($"The call was still running after {due - start} of fake time.");
            Time.Advance(due - now);
        }
        return await task;
    }

    /// <summary>
    /// Asserts <paramref name="task"/> is still waiting: yields and gives it a fair amount of real time to run
    /// (it has nothing to wait for but the fake clock), checking it has not completed at any point.
    /// </summary>
    public static async Task AssertStillWaitingAsync(Task task, string because)
    {
        for (var i = 0; i < 10; i++)
        {
            await Task.Yield();
            await Task.WhenAny(task, Task.Delay(25, Ct));
            if (task.IsCompleted)
            {
                var outcome = task.IsFaulted ? task.Exception!.InnerException!.Message : task.Status.ToString();
                Assert.Fail($"Expected the call to wait ({because}), but it finished: {outcome}");
            }
        }
    }

    /// <summary>Awaits a call that should now finish; the generous real-time limit is only a safety net.</summary>
    public static async Task<T> FinishesAsync<T>(Task<T> task, string what)
    {
        var done = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(30), Ct));
        if (done != task)
            Assert.Fail($"Safety net: {what} did not finish within 30 s of real time.");
        return await task;
    }

    /// <summary>The access token must appear nowhere in an exception: message, ESI error, inner exceptions.</summary>
    public static void AssertNoToken(Exception ex, params string[] tokens)
    {
        foreach (var token in tokens)
        {
            Assert.False(string.IsNullOrEmpty(token));
            Assert.DoesNotContain(token, ex.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(token, ex.Message, StringComparison.Ordinal);
            if (ex is EsiException esi && esi.EsiError is { } error)
                Assert.DoesNotContain(token, error, StringComparison.Ordinal);
            // A JWT's signature alone would also be a leak.
            Assert.DoesNotContain(token[(token.LastIndexOf('.') + 1)..], ex.ToString(), StringComparison.Ordinal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _scope.Dispose();
        await Host.DisposeAsync();
    }
}
