using System.Text.Encodings.Web;
using System.Text.Json;
using KaPlatform.DemoData;

// Demo data for a first look (the KaPlatform.DemoData library), created once per data directory. The marker file
// makes it idempotent across restarts; it is written only after every step succeeded, and holds the created ids.
// Configured by the AppHost: services__gateway__http__0 (WithReference) and Seed__Marker.
var gatewayUrl = Environment.GetEnvironmentVariable("services__gateway__http__0")
    ?? throw new InvalidOperationException("services__gateway__http__0 is not set: run this through the AppHost.");
var marker = Environment.GetEnvironmentVariable("Seed__Marker")
    ?? throw new InvalidOperationException("Seed__Marker is not set: run this through the AppHost.");
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
{
    // Readable Chinese names in the marker and in the curl line.
    Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    WriteIndented = true,
};

if (File.Exists(marker))
{
    Console.WriteLine($"Demo data already there (delete {marker} or use --reset to seed again).");
}
else
{
    Console.WriteLine("Creating demo data through the gateway...");
    using var gateway = new HttpClient { BaseAddress = new Uri(gatewayUrl), Timeout = TimeSpan.FromSeconds(30) };
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    // Seed__Authority: dev tokens are off and the bundled provider signs the demo users in (the AppHost sets both).
    var provider = Environment.GetEnvironmentVariable("Seed__Authority") is { Length: > 0 } authority
        ? new ProviderSignIn(new Uri(authority), Environment.GetEnvironmentVariable("Seed__ScriptPassword") ?? "")
        : null;
    var ids = await DemoSeed.CreateAsync(gateway, Console.WriteLine, provider, stop.Token);
    await File.WriteAllTextAsync(marker, JsonSerializer.Serialize(ids, json), stop.Token);
    Console.WriteLine($"Demo data created: {ids.Count} records (ids in {marker}).");
}

if (Environment.GetEnvironmentVariable("Seed__Authority") is { Length: > 0 })
{
    Console.WriteLine("Demo users: sign in to the workspace and pick one on the provider's page.");
    foreach (var user in DemoUser.All)
    {
        Console.WriteLine($"  {user.Role,-20} {user.Name}{(user.Region is null ? "" : "  region " + user.Region)}");
    }

    return;
}

Console.WriteLine("Demo users (POST /api/dev/token with userId, name, roles, region):");
foreach (var user in DemoUser.All)
{
    Console.WriteLine($"  {user.Role,-20} {user.Id}  {user.Name}{(user.Region is null ? "" : "  region " + user.Region)}");
}

Console.WriteLine("Get a token, e.g. as the admin:");
Console.WriteLine($"  curl -s -X POST {gatewayUrl.TrimEnd('/')}/api/dev/token -H 'Content-Type: application/json' -d '{JsonSerializer.Serialize(DemoUser.Admin.TokenRequest, new JsonSerializerOptions(json) { WriteIndented = false })}'");
