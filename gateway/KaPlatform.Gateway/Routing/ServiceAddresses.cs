namespace KaPlatform.Gateway.Routing;

/// <summary>
/// Reads a service's base address the way Aspire hands it out (services:{name}:http:0, i.e. the
/// services__accounts-api__http__0 environment variable), so a real Aspire AppHost can replace ours unchanged.
/// </summary>
public static class ServiceAddresses
{
    public static Uri? Find(IConfiguration configuration, string service)
    {
        var address = configuration[ConfigurationKey(service)] ?? configuration[ConfigurationKey(service, "https")];
        return Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri : null;
    }

    public static string ConfigurationKey(string service, string scheme = "http") => $"services:{service}:{scheme}:0";
}
