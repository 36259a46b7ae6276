using System.Net;
using System.Net.Sockets;

namespace KaPlatform.LocalInfra;

public static class FreePort
{
    /// <summary>Below Linux's ephemeral range (32768–60999), which outgoing connections and bind(0) draw from.</summary>
    private const int First = 20_000;
    private const int Last = 32_767;

    private static readonly HashSet<int> Given = [];
    private static readonly Lock Gate = new();

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
