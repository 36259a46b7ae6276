using Microsoft.Extensions.Logging;

namespace KaPlatform.Testing;

/// <summary>
/// Every log line of the test's AppHost — its own and, forwarded by Aspire.Hosting.Testing, each resource's console
/// output under the resource's name — into one file a failing test names, instead of the test runner's output.
/// </summary>
internal sealed class ResourceLogFile(string path) : ILoggerProvider
{
    private readonly StreamWriter writer = new(path) { AutoFlush = true };
    private readonly Lock gate = new();
    private bool disposed;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            writer.Dispose();
        }
    }

    private void Write(string category, LogLevel level, string message)
    {
        lock (gate)
        {
            if (!disposed)
            {
                writer.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} [{category}] {level}: {message}");
            }
        }
    }

    private sealed class Logger(ResourceLogFile file, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                file.Write(category, logLevel, formatter(state, exception) + (exception is null ? "" : Environment.NewLine + exception));
            }
        }
    }
}
