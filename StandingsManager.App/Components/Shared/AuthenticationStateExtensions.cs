using Microsoft.AspNetCore.Components.Authorization;
using StandingsManager.App.Auth;

namespace StandingsManager.App.Components.Shared;

public static class AuthenticationStateExtensions
{
    /// <summary>The account id of the circuit's user; pages behind [Authorize] always have one.</summary>
    public static async Task<int> AccountIdAsync(this Task<AuthenticationState>? authState) =>
        authState is null ? throw new InvalidOperationException("No authentication state.") : (await authState).User.RequireAccountId();
}
