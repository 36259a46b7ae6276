using KaPlatform.LocalInfra;

namespace KaPlatform.Identity.Tests;

/// <summary>
/// The smallest platform a person can sign in to through the bundled provider: DevIdentity, accounts-api (the user
/// directory and the accounts list) and the gateway serving the workspace, each a real process configured by
/// environment variables exactly as docs/identity.md tells an AppHost to. The other services are not started: their
/// areas answer 502, which the sign-in journey never needs.
/// </summary>
public sealed class SignInPlatform : IAsyncDisposable
{
    public const string Audience = "kaplatform-api";
    private static readonly ServiceDefinition DevIdentity = new("identity", null, "services/identity/KaPlatform.DevIdentity", "KaPlatform.DevIdentity");
    private readonly List<ServiceProcess> processes = [];
    private readonly StreamWriter log;

    private SignInPlatform(string logPath)
    {
        LogPath = logPath;
        log = new StreamWriter(logPath) { AutoFlush = true };
        Issuer = $"http://127.0.0.1:{FreePort.Next()}/";
        Workspace = $"http://127.0.0.1:{FreePort.Next()}/";
    }

    /// <summary>The provider's URL, the same string as every process's Auth__Authority (and the tokens' iss).</summary>
    public string Issuer { get; }

    /// <summary>The gateway's origin with the trailing slash: the workspace's redirect and post-logout URI.</summary>
    public string Workspace { get; }

    public string LogPath { get; }

    public static async Task<SignInPlatform> StartAsync(OidcPlatform shared)
    {
        var platform = new SignInPlatform(Path.Combine(Path.GetTempPath(), $"ka-signin-{Guid.NewGuid():N}.log"));
        try
        {
            await platform.StartProcessesAsync(shared);
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    private async Task StartProcessesAsync(OidcPlatform shared)
    {
        var limit = TimeSpan.FromMinutes(3);
        var identity = Start(DevIdentity, Issuer, new()
        {
            ["DevIdentity__Issuer"] = Issuer,
            ["DevIdentity__Audience"] = Audience,
            ["DevIdentity__RedirectUris__0"] = Workspace,
            ["DevIdentity__PostLogoutRedirectUris__0"] = Workspace,
        });
        await identity.WaitHealthyAsync(limit);

        var eventBus = await shared.Infrastructure.CreateEventBusAsync();
        var accountsUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var accounts = Start(PlatformLayout.Accounts, accountsUrl, new()
        {
            ["ConnectionStrings__accountsdb"] = await shared.Infrastructure.CreateDatabaseAsync("signin"),
            ["ConnectionStrings__eventbus"] = eventBus,
        });
        await accounts.WaitHealthyAsync(limit);

        var nowhere = $"http://127.0.0.1:{FreePort.Next()}";
        Start(PlatformLayout.Gateway, Workspace.TrimEnd('/'), new()
        {
            ["ConnectionStrings__eventbus"] = eventBus,
            [$"services__{PlatformLayout.Accounts.Name}__http__0"] = accountsUrl,
            [$"services__{PlatformLayout.Opportunities.Name}__http__0"] = nowhere,
            [$"services__{PlatformLayout.Contracts.Name}__http__0"] = nowhere,
            [$"services__{PlatformLayout.Success.Name}__http__0"] = nowhere,
        });

        // /health reports the missing services (503); /alive says the gateway itself is up.
        using var probe = new HttpClient { BaseAddress = new Uri(Workspace), Timeout = TimeSpan.FromSeconds(5) };
        await KaPlatform.Testing.Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await probe.GetAsync("/alive")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, limit, "gateway alive");
    }

    private ServiceProcess Start(ServiceDefinition service, string url, Dictionary<string, string> environment)
    {
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        if (service != DevIdentity)
        {
            environment["Auth__Authority"] = Issuer;
            environment["Auth__Audience"] = Audience;
        }

        var process = ServiceProcess.Start(service, url.TrimEnd('/'), environment, (name, line) => { lock (log) { log.WriteLine($"[{name}] {line}"); } });
        processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(processes))
        {
            await process.DisposeAsync();
        }

        await log.DisposeAsync();
    }
}
