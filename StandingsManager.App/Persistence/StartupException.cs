namespace StandingsManager.App.Persistence;

/// <summary>Thrown when the app must not start; the message tells the operator what to do.</summary>
public sealed class StartupException(string message) : Exception(message);
