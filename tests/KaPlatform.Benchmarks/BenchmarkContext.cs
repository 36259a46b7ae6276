using System.Net;
using System.Net.Http.Headers;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Benchmarks;

/// <summary>One figure against its ARCHITECTURE.md target, for the summary at the end. Reported, never asserted.</summary>
internal sealed record TargetResult(string Metric, string Measured, string Target, bool? Met);

/// <summary>What every scenario shares: the options, the platform, one HTTP client with an admin token, the output.</summary>
internal sealed class BenchmarkContext : IDisposable
{
    public BenchmarkContext(BenchmarkOptions options, PlatformSession platform, TextWriter output)
    {
        Options = options;
        Platform = platform;
        Output = output;
        AdminUserId = Guid.CreateVersion7();
        var token = new DevTokenIssuer(new AuthOptions { SigningKey = platform.SigningKey })
            .Issue(AdminUserId, "benchmark", [Roles.Admin], null);

        // One client for every request of every scenario: pooled keep-alive connections, enough of them for the
        // open-loop phases (a closed loop never needs more than its workers), no proxy, no decompression.
        Http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 2048,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public BenchmarkOptions Options { get; }
    public PlatformSession Platform { get; }
    public TextWriter Output { get; }
    public HttpClient Http { get; }
    public Guid AdminUserId { get; }
    public List<TargetResult> Targets { get; } = [];

    /// <summary>Every table this run loaded, for the data set's bulk-load figure.</summary>
    public LoadLedger Loads { get; } = new();

    public void Dispose() => Http.Dispose();
}
