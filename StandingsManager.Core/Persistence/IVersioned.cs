namespace StandingsManager.Core.Persistence;

/// <summary>Rows with an optimistic-concurrency counter, bumped by the context on every save.</summary>
public interface IVersioned
{
    int Version { get; set; }
}
