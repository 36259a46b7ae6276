namespace KaPlatform.Benchmarks;

/// <summary>
/// One instance of a project resource, by the PID the orchestrator reports: that of `dotnet run`, whose child is the
/// service itself, so resident memory is summed over the process and its descendants.
/// </summary>
internal sealed record PlatformProcess(string Name, int ProcessId)
{
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
            // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks, after the parenthesised command name.
            var stat = File.ReadAllText($"/proc/{Tree(ProcessId).Last()}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
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
