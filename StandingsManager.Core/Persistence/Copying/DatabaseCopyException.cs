namespace StandingsManager.Core.Persistence.Copying;

/// <summary>A problem the operator can fix before running <see cref="DatabaseCopy"/> again; the message says what and how.</summary>
public sealed class DatabaseCopyException(string message) : Exception(message);
