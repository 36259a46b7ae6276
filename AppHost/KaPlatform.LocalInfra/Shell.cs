using System.Diagnostics;
using System.Runtime.InteropServices;

namespace KaPlatform.LocalInfra;

/// <summary>Runs the machine's own tools (initdb, pg_ctl, rabbitmqctl) and waits for them.</summary>
internal static partial class Shell
{
    public static bool IsRoot => Environment.UserName == "root" || geteuid() == 0;

    public static async Task<string> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}: {output.Trim()}");
        }

        return output;
    }

    /// <summary>PostgreSQL refuses to run as root: as root, run its tools as the postgres user.</summary>
    public static (string File, List<string> Args) AsPostgresUser(string file, IEnumerable<string> args) =>
        IsRoot ? ("runuser", ["-u", "postgres", "--", file, .. args]) : (file, [.. args]);

    public static void Signal(int pid, int signal) => _ = kill(pid, signal);

    public const int SigTerm = 15;
    public const int SigKill = 9;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
