using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;

namespace StandingsManager.App.Auth;

/// <summary>
/// The authentication state of one open page (Blazor circuit), kept true to the database: every
/// <see cref="RevalidationOptions.RevalidateEvery"/>, and at once when the account's roles change, it re-reads the session and
/// the roles. A page whose session ended becomes anonymous (its [Authorize] pages send the browser to sign in); changed
/// roles show in menus and pages without a reload.
/// </summary>
internal sealed class RevalidatingAuthStateProvider(
    SignedInCheck check,
    RoleChanges roleChanges,
    IOptions<RevalidationOptions> options,
    TimeProvider time,
    ILogger<RevalidatingAuthStateProvider> logger) : AuthenticationStateProvider, IHostEnvironmentAuthenticationStateProvider, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Task<AuthenticationState>? _state;
    private IDisposable? _subscription;
    private int _watching;

    public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
        _state ?? throw new InvalidOperationException($"{nameof(GetAuthenticationStateAsync)} was called before {nameof(SetAuthenticationState)}.");

    /// <summary>The framework hands in the signed-in user when the page or request starts; the watch starts then.</summary>
    public void SetAuthenticationState(Task<AuthenticationState> authenticationStateTask)
    {
        _state = authenticationStateTask ?? throw new ArgumentNullException(nameof(authenticationStateTask));
        NotifyAuthenticationStateChanged(authenticationStateTask);
        if (Interlocked.Exchange(ref _watching, 1) == 0)
            _ = WatchAsync(authenticationStateTask);
    }

    private async Task WatchAsync(Task<AuthenticationState> first)
    {
        try
        {
            if ((await first).User.AccountId() is not { } accountId)
                return;
            _subscription = roleChanges.Subscribe(change => change.AccountId == accountId ? RevalidateAsync() : Task.CompletedTask);
            using var timer = new PeriodicTimer(options.Value.RevalidateEvery, time);
            while (await timer.WaitForNextTickAsync(_stop.Token) && await RevalidateAsync())
            {
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The page closed.
        }
    }

    /// <summary>Reads the session and roles again; false once the page is signed out, which ends the watch.</summary>
    private async Task<bool> RevalidateAsync()
    {
        if (_stop.IsCancellationRequested)
            return false;
        try
        {
            await _gate.WaitAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        try
        {
            var current = (await GetAuthenticationStateAsync()).User;
            if (current.Identity?.IsAuthenticated != true)
                return false;
            var fresh = await check.RecheckAsync(current, _stop.Token);
            var signedIn = fresh.Identity?.IsAuthenticated == true;
            if (!signedIn || !SignedInCheck.RolesOf(fresh).SetEquals(SignedInCheck.RolesOf(current)))
            {
                _state = Task.FromResult(new AuthenticationState(fresh));
                NotifyAuthenticationStateChanged(_state);
            }
            return signedIn;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            // The app is shutting down under an open page: there is nothing left to check.
            return false;
        }
        catch (Exception ex)
        {
            // A failed read (a busy database) keeps the page as it is until the next check; it never signs anyone in.
            logger.LogWarning(ex, "Could not re-check an open page's sign-in; trying again at the next check");
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        // Not disposed: a check still running reads its token, and a source without a timer holds nothing.
        _stop.Cancel();
    }
}
