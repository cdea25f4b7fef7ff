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
    public async Task A_change_from_another_instance_reaches_subscribers_but_not_local_work_and_is_not_forwarded_again()
    {
        var events = new StandingsEvents(NullLogger<StandingsEvents>.Instance);
        var heard = new List<StandingsChange>();
        var local = new List<StandingsChange>();
        var forwarded = new List<StandingsChange>();
        using var all = events.Subscribe(c => { heard.Add(c); return Task.CompletedTask; });
        using var work = events.SubscribeLocalOnly(c => { local.Add(c); return Task.CompletedTask; });
        using var bridge = events.ForwardTo(c => { forwarded.Add(c); return Task.CompletedTask; });

        await events.ReceiveAsync(new(StandingsChangeKind.Entries, 1));
        await events.PublishAsync(new(StandingsChangeKind.Entries, 2));

        Assert.Equal([new StandingsChange(StandingsChangeKind.Entries, 1), new StandingsChange(StandingsChangeKind.Entries, 2)], heard);
        Assert.Equal([new StandingsChange(StandingsChangeKind.Entries, 2)], local);
        Assert.Equal([new StandingsChange(StandingsChangeKind.Entries, 2)], forwarded);
        Assert.Throws<InvalidOperationException>(() => events.ForwardTo(_ => Task.CompletedTask));
    }

    [Fact]
    public async Task A_role_change_from_another_instance_moves_the_version_role_caches_are_keyed_on()
    {
        var roles = new StandingsManager.Core.Accounts.RoleChanges(NullLogger<StandingsManager.Core.Accounts.RoleChanges>.Instance);

        await roles.ReceiveAsync(new(7));
        await roles.ChangedAsync(8);

        Assert.Equal(2, roles.Version);
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
