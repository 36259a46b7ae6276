using KaPlatform.LocalInfra;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KaPlatform.AppHost;

internal static class EndpointsFile
{
    /// <summary>
    /// Once the gateway is healthy (so everything is): endpoints.json for tools and the benchmark, and the few URLs a
    /// person needs on the console. "Gateway: URL" is a fixed format scripts wait for.
    /// </summary>
    public static void WriteEndpointsFileWhenReady(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> gateway, IResourceBuilder<ProjectResource>[] services,
        PlatformInfrastructure infrastructure, PlatformSettings settings)
    {
        var configuration = builder.Configuration;
        gateway.OnResourceReady(async (_, e, ct) =>
        {
            var postgres = await infrastructure.Postgres.Resource.GetConnectionStringAsync(ct) ?? "";
            var databases = new Dictionary<string, string>();
            foreach (var database in builder.Resources.OfType<ConnectionStringResource>().Where(r => r.Name.EndsWith("db", StringComparison.Ordinal)))
            {
                databases[database.Name] = await database.ConnectionStringExpression.GetValueAsync(ct) ?? "";
            }

            var dashboard = DashboardUrl(configuration);
            var endpoints = new PlatformEndpoints(
                gateway.GetEndpoint("http").Url,
                services.ToDictionary(s => s.Resource.Name, s => s.GetEndpoint("http").Url),
                new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres" }.ConnectionString,
                databases,
                await infrastructure.EventBus.Resource.GetConnectionStringAsync(ct) ?? "",
                infrastructure.BrokerManagement?.Url,
                dashboard);
            endpoints.Write(settings.DataDirectory);

            var log = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KaPlatform");
            log.LogInformation("Gateway: {Url}", endpoints.Gateway);
            log.LogInformation("Workspace (open in a browser): {Url}/", endpoints.Gateway.TrimEnd('/'));
            if (dashboard is not null)
            {
                log.LogInformation("Dashboard: {Url} (log in with the login URL printed at start)", dashboard);
            }

            if (endpoints.BrokerManagement is not null)
            {
                log.LogInformation("RabbitMQ management UI: {Url} (user {User}, password {Password})", endpoints.BrokerManagement, LocalRabbitMqResource.User, LocalRabbitMqResource.Password);
            }

            log.LogInformation("Endpoints file: {Path}", Path.Combine(settings.DataDirectory, PlatformEndpoints.FileName));
        });
    }

    /// <summary>The dashboard's address (its login URL with the token is Aspire's own "Login to the dashboard" line).</summary>
    private static string? DashboardUrl(IConfiguration configuration) =>
        configuration["ASPNETCORE_URLS"]?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
}
