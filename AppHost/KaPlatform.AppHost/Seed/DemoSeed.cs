using System.Text.Encodings.Web;
using System.Text.Json;

namespace KaPlatform.AppHost.Seed;

/// <summary>
/// Demo data for a first look, created once per data directory. A marker file makes it idempotent across restarts;
/// it is written only after every step succeeded, and holds the created ids for whoever wants them.
/// </summary>
internal static class DemoSeed
{
    public const string MarkerName = "seeded-demo";

    /// <summary>In order; a step may use ids created by the ones before it. Later features append theirs.</summary>
    private static readonly Func<SeedClient, CancellationToken, Task>[] Steps =
    [
        DemoAccounts.CreateAsync,
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Readable Chinese names in the marker and in the curl line.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    private static readonly JsonSerializerOptions OneLine = new(Json) { WriteIndented = false };

    public static async Task RunAsync(string gatewayUrl, string dataDirectory, bool devTokens, ConsoleLog log, CancellationToken cancellationToken)
    {
        if (!devTokens)
        {
            log.Info("Demo seed skipped: dev tokens are off (--no-dev-tokens), so there is no way to act as the demo users.");
            return;
        }

        var marker = Path.Combine(dataDirectory, MarkerName);
        if (File.Exists(marker))
        {
            log.Info($"Demo data already there (delete {marker} or use --reset to seed again).");
        }
        else
        {
            using var client = new SeedClient(new HttpClient { BaseAddress = new Uri(gatewayUrl), Timeout = TimeSpan.FromSeconds(30) });
            foreach (var step in Steps)
            {
                await step(client, cancellationToken);
            }

            await File.WriteAllTextAsync(marker, JsonSerializer.Serialize(client.Ids, Json), cancellationToken);
            log.Info($"Demo data created: {client.Ids.Count} records (ids in {marker}).");
        }

        PrintUsers(gatewayUrl, log);
    }

    private static void PrintUsers(string gatewayUrl, ConsoleLog log)
    {
        log.Info("Demo users (POST /api/dev/token with userId, name, roles, region):");
        foreach (var user in DemoUser.All)
        {
            log.Info($"  {user.Role,-20} {user.Id}  {user.Name}{(user.Region is null ? "" : "  region " + user.Region)}");
        }

        log.Info("Get a token, e.g. as the admin:");
        log.Info($"  curl -s -X POST {gatewayUrl}/api/dev/token -H 'Content-Type: application/json' -d '{JsonSerializer.Serialize(DemoUser.Admin.TokenRequest, OneLine)}'");
        log.Info("");
    }
}
