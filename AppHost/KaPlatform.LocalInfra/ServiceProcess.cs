using System.Diagnostics;

namespace KaPlatform.LocalInfra;

/// <summary>One platform process started with `dotnet app.dll`, its output streamed line by line to a sink.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServiceProcess(ServiceDefinition definition, string url, Process process)
    {
        Definition = definition;
        Url = url;
        this.process = process;
    }

    public ServiceDefinition Definition { get; }
    public string Name => Definition.Name;
    public string Url { get; }
    public int ProcessId => process.Id;
    public bool HasExited => process.HasExited;

    public static ServiceProcess Start(ServiceDefinition definition, string url, IReadOnlyDictionary<string, string> environment, Action<string, string> output)
    {
        var assembly = PlatformLayout.AssemblyPath(definition);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        info.ArgumentList.Add(assembly);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["ASPNETCORE_URLS"] = url;
        info.Environment["OTEL_SERVICE_NAME"] = definition.Name;

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {definition.Name}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output(definition.Name, e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output(definition.Name, e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(definition, url, process);
    }

    /// <summary>Waits until GET /health answers 200; fails fast if the process dies first.</summary>
    public async Task WaitHealthyAsync(TimeSpan limit, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        string last = "no answer";
        while (clock.Elapsed < limit)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} before it became healthy");
            }

            try
            {
                using var response = await http.GetAsync(Url + "/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "timeout";
            }

            await Task.Delay(150, cancellationToken);
        }

        throw new TimeoutException($"{Name} not healthy after {limit.TotalSeconds} s (last answer: {last})");
    }

    /// <summary>Resident memory, for the "idles under 200 MB" target.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    /// <summary>SIGTERM, the way an orchestrator stops a container; SIGKILL if it has not gone within the grace period.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (process.HasExited)
        {
            return;
        }

        Shell.Signal(process.Id, Shell.SigTerm);
        try
        {
            await process.WaitForExitAsync().WaitAsync(grace ?? TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            Kill();
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a node dies.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
    }
}
