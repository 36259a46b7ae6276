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
