using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StandingsManager.Tests.TestSupport;

/// <summary>Keeps every log line the app writes (message and exception text), to check what must never be logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>Counts the token requests the app sends to the SSO.</summary>
public sealed class SsoCallCounter
{
    private int _tokenCalls;

    public int TokenCalls => Volatile.Read(ref _tokenCalls);

    public string? LastUserAgent { get; private set; }

    public void Count(HttpRequestMessage request)
    {
        if (request.RequestUri?.AbsolutePath == "/v2/oauth/token")
        {
            Interlocked.Increment(ref _tokenCalls);
            LastUserAgent = request.Headers.UserAgent.ToString();
        }
    }
}
