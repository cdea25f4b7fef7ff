using Microsoft.EntityFrameworkCore.Diagnostics;

namespace StandingsManager.Core.Persistence;

/// <summary>
/// The clock <see cref="StandingsDbContext"/> stamps its change-log rows with, for contexts built without the app's
/// service provider (tests that build their own options add it with <c>AddInterceptors</c>). Contexts made by the
/// registered factory take the app's <see cref="TimeProvider"/> without it.
/// </summary>
public sealed class StandingsClock(TimeProvider time) : IInterceptor
{
    public TimeProvider Time { get; } = time;
}
