using KaPlatform.ServiceDefaults.EventBus;
using RabbitMQ.Client;

namespace KaPlatform.Gateway.Health;

public static class AmqpAddress
{
    /// <summary>The probe's own connection settings: it must answer quickly and must not linger reconnecting.</summary>
    public static ConnectionFactory ToProbeConnectionFactory(this BusAddress address) => new()
    {
        HostName = address.Host,
        Port = address.Port,
        UserName = address.UserName.Length > 0 ? address.UserName : ConnectionFactory.DefaultUser,
        Password = address.UserName.Length > 0 ? address.Password : ConnectionFactory.DefaultPass,
        VirtualHost = address.VirtualHost,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(2),
        AutomaticRecoveryEnabled = false,
        TopologyRecoveryEnabled = false,
    };
}
