using KaPlatform.LocalInfra;

namespace KaPlatform.AppHost;

/// <summary>
/// Says so when a process dies while the platform runs: otherwise the only sign would be 502s at the gateway.
/// It does not restart it: a crash on a developer's machine is a bug to look at, not to hide.
/// </summary>
internal static class ProcessWatch
{
    public static async Task RunAsync(LocalPlatform platform, ConsoleLog log, CancellationToken stopping)
    {
        var reported = new HashSet<string>();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                foreach (var process in platform.Processes.Where(p => p.HasExited && !stopping.IsCancellationRequested && reported.Add(p.Name)))
                {
                    log.Error($"{process.Name} (pid {process.ProcessId}) exited unexpectedly; its last lines are above. The rest keeps running; stop with Ctrl+C.");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
