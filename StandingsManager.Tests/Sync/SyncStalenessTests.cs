using Microsoft.Extensions.Options;
using StandingsManager.Core;
using StandingsManager.Core.Sync;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Sync;

public sealed class SyncStalenessTests
{
    private static readonly SyncStaleness Staleness = new(Options.Create(new StandingsOptions { SyncTimeoutMinutes = 180 }));

    [Fact]
    public void Stale_once_the_last_success_is_older_than_the_timeout()
    {
        var character = new SyncedCharacter { CreatedAt = Start - TimeSpan.FromDays(10), LastSuccessAt = Start };

        Assert.False(Staleness.IsStale(character, Start + TimeSpan.FromMinutes(180)));
        Assert.True(Staleness.IsStale(character, Start + TimeSpan.FromMinutes(181)));
    }

    [Fact]
    public void A_character_never_synced_is_measured_from_when_it_was_added()
    {
        var character = new SyncedCharacter { CreatedAt = Start, LastSyncAt = Start + TimeSpan.FromMinutes(1) };

        Assert.False(Staleness.IsStale(character, Start + TimeSpan.FromMinutes(100)));
        Assert.True(Staleness.IsStale(character, Start + TimeSpan.FromMinutes(200)));
        Assert.True(Staleness.IsStale(character.LastSuccessAt, character.CreatedAt, Start + TimeSpan.FromMinutes(200)));
        Assert.Equal(Start + TimeSpan.FromMinutes(20), Staleness.StaleBefore(Start + TimeSpan.FromMinutes(200)));
    }
}
