using System.Text.Json;

namespace KaPlatform.LocalInfra;

/// <summary>
/// What endpoints.json holds, so tools, an ERP simulator or the benchmark can find the running platform. The AppHost
/// writes it once the gateway is healthy (the URLs are the orchestrator's: they change from run to run).
/// </summary>
public sealed record PlatformEndpoints(
    string Gateway,
    IReadOnlyDictionary<string, string> Services,
    string Postgres,
    IReadOnlyDictionary<string, string> Databases,
    string EventBus,
    string? BrokerManagement,
    string? Dashboard = null)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public const string FileName = "endpoints.json";

    public void Write(string dataDirectory) =>
        File.WriteAllText(Path.Combine(dataDirectory, FileName), JsonSerializer.Serialize(this, Options));

    public static PlatformEndpoints Read(string dataDirectory) =>
        JsonSerializer.Deserialize<PlatformEndpoints>(File.ReadAllText(Path.Combine(dataDirectory, FileName)), Options)
        ?? throw new InvalidOperationException($"{FileName} in {dataDirectory} is empty");
}
