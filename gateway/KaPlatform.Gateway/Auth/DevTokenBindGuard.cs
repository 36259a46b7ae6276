using System.Net;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace KaPlatform.Gateway.Auth;

/// <summary>
/// docs/product.md §6: a gateway reachable from other machines never mints tokens. Checked against the addresses Kestrel
/// actually bound (after "+", "*" and host names are resolved), and failing start-up rather than logging, so a
/// misconfigured deployment cannot run with POST /api/dev/token open.
/// </summary>
public sealed class DevTokenBindGuard(IServer server) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
        if (exposed.Count > 0)
        {
            throw new InvalidOperationException(
                $"Auth:DevTokens is on but the gateway listens on {string.Join(", ", exposed)}: dev tokens are for loopback-only local runs. " +
                "Turn Auth:DevTokens off and configure Auth:Authority, or bind to 127.0.0.1.");
        }

        return Task.CompletedTask;
    }

    public static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0"), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
