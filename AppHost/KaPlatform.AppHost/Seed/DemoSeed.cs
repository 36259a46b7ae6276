// The launcher imports both KaPlatform.AppHost.Seed and KaPlatform.DemoData (for DemoUser): inside the AppHost,
// "DemoSeed" is this runner (marker file, printing), and the library's data creation is DemoData.DemoSeed.
global using DemoSeed = KaPlatform.AppHost.Seed.DemoSeed;
using System.Text.Encodings.Web;
using System.Text.Json;
using KaPlatform.DemoData;
using DemoData = KaPlatform.DemoData;

namespace KaPlatform.AppHost.Seed;

/// <summary>
/// Demo data for a first look (the KaPlatform.DemoData library), created once per data directory. A marker file
/// makes it idempotent across restarts; it is written only after every step succeeded, and holds the created ids
/// for whoever wants them.
/// </summary>
internal static class DemoSeed
{
    public const string MarkerName = "seeded-demo";

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
            log.Info("Creating demo data through the gateway...");
            using var gateway = new HttpClient { BaseAddress = new Uri(gatewayUrl), Timeout = TimeSpan.FromSeconds(30) };
            var ids = await DemoData.DemoSeed.CreateAsync(gateway, log.Info, cancellationToken);
            await File.WriteAllTextAsync(marker, JsonSerializer.Serialize(ids, Json), cancellationToken);
            log.Info($"Demo data created: {ids.Count} records (ids in {marker}).");
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
