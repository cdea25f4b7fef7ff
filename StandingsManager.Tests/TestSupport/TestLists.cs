using StandingsManager.Core.Lists;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Tests.TestSupport;

/// <summary>Extra lists for tests of the per-list workflow, saved straight to the database (the Lists page is tested on its own).</summary>
public static class TestLists
{
    /// <summary>Adds a list labelled by its name, reaching Members and Blues unless <paramref name="configure"/> says otherwise. Returns its id.</summary>
    public static async Task<int> AddAsync(StandingsDbContext db, string name, ListSource source = ListSource.Requests, double defaultStanding = 5,
        Action<StandingsList>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var list = new StandingsList
        {
            Name = name,
            LabelName = name,
            Source = source,
            DefaultStanding = defaultStanding,
            CreatedAt = CoreTestDatabase.Start,
        };
        configure?.Invoke(list);
        db.Lists.Add(list);
        await db.SaveChangesAsync(CoreTestDatabase.Ct);
        return list.Id;
    }
}
