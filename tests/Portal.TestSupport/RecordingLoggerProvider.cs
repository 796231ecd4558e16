using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Portal.TestSupport;

/// <summary>Keeps warnings and errors the code under test logs, so a test can assert on them or print them on failure.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<RecordedLog> _entries = new();

    /// <summary>Everything logged at <see cref="LogLevel.Warning"/> or above, in order.</summary>
    public IReadOnlyCollection<RecordedLog> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<RecordedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue(new RecordedLog(category, logLevel, eventId, formatter(state, exception), exception));
            }
        }
    }
}

/// <summary>One recorded log entry.</summary>
public sealed record RecordedLog(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
