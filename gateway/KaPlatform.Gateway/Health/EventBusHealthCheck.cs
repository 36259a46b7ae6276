using KaPlatform.ServiceDefaults.EventBus;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace KaPlatform.Gateway.Health;

/// <summary>
/// Opens (and closes) a real AMQP connection: a listening TCP port alone does not prove the broker accepts our
/// credentials and virtual host. The community check for this is not served by the package registry here.
/// </summary>
public sealed class EventBusHealthCheck(IConfiguration configuration) : IHealthCheck
{
    public const string Name = "eventbus";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!BusAddress.TryParse(configuration.GetConnectionString(Name), out var address))
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"ConnectionStrings:{Name} is missing or not an amqp:// URI");
        }

        try
        {
            var factory = address.ToProbeConnectionFactory();
            await using var connection = await factory.CreateConnectionAsync("kaplatform-gateway-health", cancellationToken);
            // The client hands back an "open" connection before it has seen the broker refuse the virtual host
            // (connection.close 530 NOT_ALLOWED arrives afterwards); opening a channel is the round trip that surfaces it.
            await using (await connection.CreateChannelAsync(cancellationToken: cancellationToken))
            {
            }

            await connection.CloseAsync(cancellationToken);
            return HealthCheckResult.Healthy(address.ToString());
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The client wraps the cause (refused login, unknown vhost, no listener) in a generic "unreachable".
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"broker at {address.Host}:{address.Port}: {ex.GetBaseException().Message}", ex);
        }
    }
}
