namespace KaPlatform.Benchmarks;

/// <summary>
/// One instance of a project resource, by the PID the orchestrator reports: that of `dotnet run`, whose child is the
/// service itself, so resident memory is summed over the process and its descendants. With <paramref name="WholeTree"/>
/// (PostgreSQL's postmaster, whose backends are its children) CPU time is summed over the tree as well; with
/// <paramref name="Alone"/> (the harness itself, whose children are the orchestrator's) only the process's own.
/// </summary>
internal sealed record PlatformProcess(string Name, int ProcessId, bool WholeTree = false, bool Alone = false)
{
    /// <summary>The harness: its load generator, its pollers and the in-process AppHost.</summary>
    public static PlatformProcess Harness { get; } = new("harness", Environment.ProcessId, Alone: true);

    /// <summary>The harness's own PostgreSQL (its postmaster's PID file in the platform's data directory), if it runs.</summary>
    public static PlatformProcess? PostgreSql(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postgres", "data", "postmaster.pid");
        return File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid)
            ? new PlatformProcess("postgresql", pid, WholeTree: true)
            : null;
    }

    public bool HasExited => !Directory.Exists($"/proc/{ProcessId}");

    /// <summary>VmRSS of the process tree, 0 once it is gone.</summary>
    public long ResidentBytes()
    {
        try
        {
            return Tree(ProcessId).Sum(Rss);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>
    /// VmRSS of the service itself: the last process of the tree (`dotnet run` starts it and waits). The launcher is
    /// the local orchestration's, not the service's: a deployment runs the service's own executable.
    /// </summary>
    public long ServiceBytes()
    {
        try
        {
            return Rss(Tree(ProcessId).Last());
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>CPU time (user + system) the service process itself has used so far, zero once it is gone.</summary>
    public TimeSpan ServiceCpuTime()
    {
        try
        {
            // A backend that exits takes its CPU time out of the tree; the postmaster reaps it and counts it as its
            // children's time (cutime, cstime), so the tree's sum plus that never goes backwards.
            var ticks = WholeTree ? Tree(ProcessId).Sum(pid => CpuTicks(pid)) + CpuTicks(ProcessId, reapedChildren: true)
                : CpuTicks(Alone ? ProcessId : Tree(ProcessId).Last());
            return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }

    private static long CpuTicks(int pid, bool reapedChildren = false)
    {
        // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks, after the parenthesised command name;
        // 16 and 17 (cutime, cstime) are the children it has waited for.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var first = reapedChildren ? 13 : 11;
        return long.Parse(fields[first], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[first + 1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>USER_HZ: 100 on every Linux this runs on (x86-64 and arm64 kernels fix it at 100).</summary>
    private const int ClockTicksPerSecond = 100;

    private static IEnumerable<int> Tree(int pid)
    {
        yield return pid;
        var children = $"/proc/{pid}/task/{pid}/children";
        if (!File.Exists(children))
        {
            yield break;
        }

        foreach (var child in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
        {
            foreach (var descendant in Tree(child))
            {
                yield return descendant;
            }
        }
    }

    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
