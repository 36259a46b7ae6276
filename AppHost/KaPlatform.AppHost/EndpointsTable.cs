using KaPlatform.LocalInfra;

namespace KaPlatform.AppHost;

/// <summary>Where everything listens, once all is healthy. "Gateway: URL" is a fixed format scripts wait for.</summary>
internal static class EndpointsTable
{
    public static void Print(ConsoleLog log, PlatformEndpoints endpoints, string dataDirectory)
    {
        log.Info("");
        log.Highlight($"Gateway: {endpoints.Gateway}");
        log.Highlight($"Workspace (open in a browser): {endpoints.Gateway.TrimEnd('/')}/");
        foreach (var (name, url) in endpoints.Services)
        {
            log.Info($"{name}: {url}");
        }

        log.Info($"PostgreSQL: {endpoints.Postgres}");
        log.Info($"RabbitMQ: {endpoints.EventBus}");
        if (endpoints.BrokerManagement is { } management)
        {
            log.Info($"RabbitMQ management UI: {management} (user {RabbitMqServer.User}, password {RabbitMqServer.Password})");
        }

        log.Info($"Endpoints file: {Path.Combine(dataDirectory, PlatformEndpoints.FileName)}");
        log.Info("");
    }
}
