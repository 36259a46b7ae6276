using RabbitMQ.Client;

namespace KaPlatform.Messaging;

/// <summary>ConnectionStrings:eventbus as Aspire hands it over: amqp://user:pass@host:port[/vhost].</summary>
public sealed record BusAddress(string Host, int Port, string VirtualHost, string UserName, string Password)
{
    /// <summary>
    /// A plain AMQP connection factory for code that talks to RabbitMQ without MassTransit (raw JSON for the ERP).
    /// No automatic recovery: callers reconnect and re-declare in their own loop.
    /// </summary>
    public ConnectionFactory CreateConnectionFactory(string clientName) => new()
    {
        HostName = Host,
        Port = Port,
        VirtualHost = VirtualHost,
        UserName = UserName,
        Password = Password,
        ClientProvidedName = clientName,
        AutomaticRecoveryEnabled = false,
    };

    public static BusAddress Parse(string connectionString)
    {
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "rabbitmq"))
        {
            throw new InvalidOperationException("ConnectionStrings:eventbus must look like amqp://user:pass@host:port/vhost.");
        }

        var credentials = uri.UserInfo.Split(':', 2);
        var vhost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return new BusAddress(
            uri.Host,
            uri.IsDefaultPort || uri.Port <= 0 ? 5672 : uri.Port,
            vhost.Length == 0 ? "/" : vhost,
            Uri.UnescapeDataString(credentials[0]),
            credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "");
    }
}
