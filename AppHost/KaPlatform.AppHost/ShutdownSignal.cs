using System.Runtime.InteropServices;

namespace KaPlatform.AppHost;

/// <summary>
/// Turns Ctrl+C, SIGTERM, SIGHUP (terminal closed) and Ctrl+\ into one cancellation. The runtime's default reaction
/// to these signals is to end the process, which would leave PostgreSQL, RabbitMQ and the services running; so every
/// signal is cancelled, the first one starts an orderly stop and later ones only say that it is under way.
/// PosixSignalRegistration rather than Console.CancelKeyPress: the latter sees only SIGINT/SIGQUIT, not SIGTERM.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly ConsoleLog log;
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration[] registrations;
    private int received;

    public ShutdownSignal(ConsoleLog log)
    {
        this.log = log;
        registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }
            .Select(signal => PosixSignalRegistration.Create(signal, OnSignal))];
    }

    public CancellationToken Token => source.Token;
    public bool IsRequested => source.IsCancellationRequested;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref received) == 1)
        {
            log.Info($"{context.Signal} received: stopping everything this AppHost started...");
            // Off the signal thread: the whole orderly stop runs in the continuations, and later signals must still be heard.
            _ = source.CancelAsync();
        }
        else
        {
            log.Info("Already stopping; waiting for every process to exit so that none is left behind.");
        }
    }

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        source.Dispose();
    }
}
