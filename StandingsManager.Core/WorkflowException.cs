namespace StandingsManager.Core;

public enum WorkflowError
{
    Forbidden,
    NotFound,
    Conflict,
    Invalid,
    /// <summary>Something the step needs (EVE) did not answer: nothing was changed, and the same step may work later.</summary>
    Unavailable,
}

/// <summary>A refused move. The message is meant for the user who tried it.</summary>
public sealed class WorkflowException(WorkflowError error, string message) : Exception(message)
{
    public WorkflowError Error { get; } = error;

    public static WorkflowException Forbidden(string message) => new(WorkflowError.Forbidden, message);
    public static WorkflowException NotFound(string message) => new(WorkflowError.NotFound, message);
    public static WorkflowException Conflict(string message) => new(WorkflowError.Conflict, message);
    public static WorkflowException Invalid(string message) => new(WorkflowError.Invalid, message);
    public static WorkflowException Unavailable(string message) => new(WorkflowError.Unavailable, message);
}
