using Microsoft.Extensions.Logging.Abstractions;
using StandingsManager.Core.Standings;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Standings;

public sealed class StandingsEventsTests
{
    [Fact]
    public async Task Subscribers_hear_each_change_until_they_unsubscribe_and_one_failure_stops_nobody()
    {
        var events = new StandingsEvents(NullLogger<StandingsEvents>.Instance);
        var heard = new List<StandingsChangeKind>();
        using var broken = events.Subscribe(_ => throw new InvalidOperationException("a closed circuit"));
        var subscription = events.Subscribe(c => { heard.Add(c.Kind); return Task.CompletedTask; });

        await events.PublishAsync(new(StandingsChangeKind.Requests));
        subscription.Dispose();
        await events.PublishAsync(new(StandingsChangeKind.Entries));

        Assert.Equal([StandingsChangeKind.Requests], heard);
    }

    [Fact]
    public async Task Workflows_publish_after_they_commit()
    {
        await using var database = await CreateAsync();
        var cast = await database.SeedCastAsync();
        var heard = new List<StandingsChangeKind>();
        using var _ = database.Events.Subscribe(c => { heard.Add(c.Kind); return Task.CompletedTask; });

        var requestId = await database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);
        await database.Requests.ApproveAsync(cast.Carol, requestId, 5, null, Ct);
        await database.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);

        Assert.Equal([StandingsChangeKind.Requests, StandingsChangeKind.Requests, StandingsChangeKind.Entries, StandingsChangeKind.Revocations], heard);
    }

    [Fact]
    public async Task A_refused_move_publishes_nothing()
    {
        await using var database = await CreateAsync();
        var cast = await database.SeedCastAsync();
        var heard = 0;
        using var _ = database.Events.Subscribe(_ => { heard++; return Task.CompletedTask; });

        await database.RefusedAsync(StandingsManager.Core.WorkflowError.Forbidden, () => database.Requests.RequestForCharacterAsync(cast.Bob, Cast.AliceAlt, Ct));

        Assert.Equal(0, heard);
    }
}
