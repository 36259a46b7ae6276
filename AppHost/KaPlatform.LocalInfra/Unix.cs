using System.Diagnostics;
using System.Runtime.InteropServices;

namespace KaPlatform.LocalInfra;

/// <summary>Runs the machine's own tools (initdb, chown) to completion before a resource starts.</summary>
internal static partial class Unix
{
    public static bool IsRoot => geteuid() == 0;

    public static async Task RunAsync(string file, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        // Not cancellable: a half-run initdb leaves a directory the next start would take for a cluster.
        await process.WaitForExitAsync(CancellationToken.None);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}: {(await stdout + await stderr).Trim()}");
        }
    }

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
