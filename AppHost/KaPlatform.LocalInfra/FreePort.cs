using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;

namespace KaPlatform.LocalInfra;

public static class FreePort
{
    /// <summary>Below Linux's ephemeral range (32768–60999), which outgoing connections and bind(0) draw from.</summary>
    private const int First = 20_000;
    private const int Last = 32_767;

    /// <summary>Where the AppHost's own dashboard listens (run.sh and stop-check.sh set them).</summary>
    private static readonly string[] ListenerVariables =
    [
        "ASPNETCORE_URLS", "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL",
        "ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL", "DOTNET_DASHBOARD_OTLP_ENDPOINT_URL", "DOTNET_RESOURCE_SERVICE_ENDPOINT_URL",
    ];

    /// <summary>
    /// Handed out, or taken by a listener of this process that binds later: the dashboard binds after the model picked
    /// the services' ports, so its free-looking port was once given to contracts-api, which then failed to bind and the
    /// platform never became healthy (a stop-check run in CI, 2026-12-03).
    /// </summary>
    private static readonly HashSet<int> Given = [.. ListenerVariables.SelectMany(PortsIn)];
    private static readonly Lock Gate = new();

    /// <summary>Fixed ports given to this run (the gateway's, the provider's): never handed out to anything else.</summary>
    public static void Reserve(params int?[] ports)
    {
        lock (Gate)
        {
            foreach (var port in ports)
            {
                if (port is { } taken)
                {
                    Given.Add(taken);
                }
            }
        }
    }

    /// <summary>Ports of the URLs in an environment variable (';'-separated, as ASP.NET Core reads them).</summary>
    public static IEnumerable<int> PortsIn(string variable) =>
        (Environment.GetEnvironmentVariable(variable) ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && !uri.IsDefaultPort ? uri.Port : 0)
            .Where(port => port > 0);

    /// <summary>
    /// A loopback port nobody listens on right now, never the same twice in this process. The AppHost picks a port
    /// for each service up front and the service binds it seconds later: a port from the OS's ephemeral range was
    /// handed to two services once, or taken meanwhile by an outgoing connection (a CI run at load 28 saw accounts-api
    /// fail to bind because contracts-api listened on its port), so ports come from below that range, checked free.
    /// </summary>
    public static int Next()
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(First, Last + 1);
                if (!Given.Contains(port) && CanBind(port))
                {
                    Given.Add(port);
                    return port;
                }
            }

            throw new InvalidOperationException($"No free loopback port between {First} and {Last} after 200 tries.");
        }
    }

    /// <summary>
    /// The resource itself listens on the endpoint's port, chosen here, instead of behind the orchestrator's proxy.
    /// Every database and broker round trip of the services went through that proxy (DCP, one Go process): two
    /// more loopback hops each, and during 200 OpportunityWon/s DCP alone took 15–29 % of a core (issue 18).
    /// </summary>
    public static void ListenDirectly(EndpointAnnotation endpoint)
    {
        var port = Next();
        endpoint.IsProxied = false;
        endpoint.Port = port;
        endpoint.TargetPort = port;
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
