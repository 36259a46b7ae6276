using KaPlatform.ServiceDefaults.EventBus;
using RabbitMQ.Client;

namespace KaPlatform.Messaging;

public static class BusAddressExtensions
{
    /// <summary>
    /// A plain AMQP connection factory for code that talks to RabbitMQ without MassTransit (raw JSON for the ERP).
    /// No automatic recovery: callers reconnect and re-declare in their own loop.
    /// </summary>
    public static ConnectionFactory CreateConnectionFactory(this BusAddress address, string clientName) => new()
    {
        HostName = address.Host,
        Port = address.Port,
        VirtualHost = address.VirtualHost,
        UserName = address.UserName,
        Password = address.Password,
        ClientProvidedName = clientName,
        AutomaticRecoveryEnabled = false,
    };
}
