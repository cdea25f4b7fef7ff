using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using StandingsManager.Core;
using StandingsManager.Core.Persistence;

namespace StandingsManager.PostgreSql;

/// <summary>
/// Lets <c>dotnet ef</c> build the PostgreSQL model without a server. Add a migration with
/// <c>dotnet ef migrations add Name -p StandingsManager.PostgreSql -s StandingsManager.PostgreSql -o Migrations</c>.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<StandingsDbContext>
{
    public StandingsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<StandingsDbContext>();
        options.UseStandingsDatabase(DatabaseProvider.PostgreSQL, "Host=design-time;Database=standings");
        return new(options.Options);
    }
}
