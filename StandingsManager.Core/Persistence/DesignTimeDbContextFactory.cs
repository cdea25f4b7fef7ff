using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace StandingsManager.Core.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<StandingsDbContext>
{
    public StandingsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<StandingsDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
