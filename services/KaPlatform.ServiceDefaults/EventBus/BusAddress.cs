using System.Diagnostics.CodeAnalysis;

namespace KaPlatform.ServiceDefaults.EventBus;

/// <summary>
/// ConnectionStrings:eventbus as Aspire hands it over: amqp://user:pass@host:port[/vhost]. One parser for every process
/// that talks to the broker (MassTransit's host, the raw ERP exchange, the gateway's health probe).
/// </summary>
public sealed record BusAddress(string Host, int Port, string VirtualHost, string UserName, string Password)
{
    public const int DefaultPort = 5672;

    public static BusAddress Parse(string? connectionString) =>
        TryParse(connectionString, out var address)
            ? address
            : throw new InvalidOperationException("ConnectionStrings:eventbus must look like amqp://user:pass@host:port/vhost.");

    public static bool TryParse(string? connectionString, [NotNullWhen(true)] out BusAddress? address)
    {
        address = null;
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "rabbitmq") || uri.Host.Length == 0)
        {
            return false;
        }

        var credentials = uri.UserInfo.Split(':', 2);
        var vhost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        address = new BusAddress(
            uri.Host,
            uri.IsDefaultPort || uri.Port <= 0 ? DefaultPort : uri.Port,
            vhost.Length == 0 ? "/" : vhost,
            Uri.UnescapeDataString(credentials[0]),
            credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "");
        return true;
    }

    public override string ToString() => $"{Host}:{Port}{(VirtualHost == "/" ? "/" : "/" + VirtualHost)}";
}
