using RabbitMQ.Client;

namespace KaPlatform.Gateway.Health;

/// <summary>amqp://user:pass@host:port/vhost as the AppHost hands it out (ConnectionStrings:eventbus).</summary>
public static class AmqpAddress
{
    public static ConnectionFactory ToConnectionFactory(Uri address)
    {
        var credentials = address.UserInfo.Split(':', 2);
        var vhost = Uri.UnescapeDataString(address.AbsolutePath.TrimStart('/'));
        return new ConnectionFactory
        {
            HostName = address.Host,
            Port = address.IsDefaultPort || address.Port < 0 ? AmqpTcpEndpoint.UseDefaultPort : address.Port,
            UserName = credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : ConnectionFactory.DefaultUser,
            Password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : ConnectionFactory.DefaultPass,
            VirtualHost = vhost.Length > 0 ? vhost : "/",
            // A health probe must answer quickly and must not linger reconnecting in the background.
            RequestedConnectionTimeout = TimeSpan.FromSeconds(2),
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
        };
    }
}
