using System.Diagnostics;
using KaPlatform.LocalInfra;

namespace KaPlatform.Benchmarks;

/// <summary>
/// Debian's nginx as a plain reverse proxy in front of accounts-api, measured beside the gateway in the same run: what a
/// proxy that does nothing else (no token check, no rate limit, no telemetry) costs on the same two cores. The gateway's
/// goal is a share of the direct rate, so it moves with the service's own cost; this says how much of that share any
/// proxy leaves. Only when nginx is installed (apt-get install -y nginx-light); a reference, never a goal.
/// </summary>
internal sealed class ReferenceProxy : IAsyncDisposable
{
    private readonly string nginx;
    private readonly string configuration;

    private ReferenceProxy(string nginx, string configuration, string url, PlatformProcess process)
    {
        this.nginx = nginx;
        this.configuration = configuration;
        Url = url;
        Process = process;
    }

    public string Url { get; }

    /// <summary>The master process; its workers are its children, so CPU is summed over the tree.</summary>
    public PlatformProcess Process { get; }

    public static async Task<ReferenceProxy?> StartAsync(string upstream, string work, CancellationToken cancellationToken)
    {
        var nginx = ExternalLoad.Find("nginx") ?? (File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : null);
        if (nginx is null)
        {
            return null;
        }

        var directory = Path.Combine(work, "nginx");
        Directory.CreateDirectory(directory);
        var port = FreePort.Next();
        var pidFile = Path.Combine(directory, "nginx.pid");
        var configuration = Path.Combine(directory, "nginx.conf");
        // Two workers (one per core), a keep-alive pool to the service as the gateway's HttpClient keeps, the headers a
        // proxy adds; small JSON answers stay in memory buffers.
        await File.WriteAllTextAsync(configuration, $$"""
            worker_processes 2;
            pid {{pidFile}};
            error_log {{Path.Combine(directory, "error.log")}};
            events { worker_connections 1024; }
            http {
              access_log off;
              upstream service { server {{new Uri(upstream).Authority}}; keepalive 64; }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://service;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $host;
                  proxy_set_header X-Forwarded-For $remote_addr;
                }
              }
            }
            """, cancellationToken);
        if (!await RunAsync(nginx, ["-c", configuration, "-p", directory], cancellationToken))
        {
            return null;
        }

        // nginx forks its master and exits; the master writes its PID once it listens.
        var clock = Stopwatch.StartNew();
        int master;
        while (!File.Exists(pidFile) || !int.TryParse(await File.ReadAllTextAsync(pidFile, cancellationToken), out master))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                await RunAsync(nginx, ["-c", configuration, "-s", "stop"], CancellationToken.None);
                return null;
            }

            await Task.Delay(100, cancellationToken);
        }

        return new ReferenceProxy(nginx, configuration, $"http://127.0.0.1:{port}", new PlatformProcess("nginx", master, WholeTree: true));
    }

    public async ValueTask DisposeAsync() =>
        await RunAsync(nginx, ["-c", configuration, "-s", "stop"], CancellationToken.None);

    // nginx writes an alert about its compiled-in log path to stderr when that is not writable; the exit code decides.
    private static async Task<bool> RunAsync(string nginx, string[] arguments, CancellationToken cancellationToken) =>
        (await ExternalLoad.RunAsync(nginx, arguments, null, cancellationToken)).Exit == 0;
}
