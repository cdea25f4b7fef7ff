using Npgsql;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Tests.Persistence;

public sealed class PostgreSqlConnectionsTests
{
    [Fact]
    public void The_pool_skips_the_reset_and_prepares_repeated_statements_by_default()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgreSqlConnections.Tuned("Host=db;Database=standings;Username=u;Password=p"));

        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal(("db", "standings", "u", "p"), (tuned.Host, tuned.Database, tuned.Username, tuned.Password));
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0")]
    [InlineData("Host=db;NoResetOnClose=false;MaxAutoPrepare=0")]
    public void The_operators_own_pool_settings_stand(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgreSqlConnections.Tuned(connectionString));

        Assert.False(tuned.NoResetOnClose);
        Assert.Equal(0, tuned.MaxAutoPrepare);
    }
}
