namespace KaPlatform.Gateway.Routing;

/// <summary>docs/product.md §7: which service owns which top-level API area.</summary>
public static class ServiceRoutes
{
    public const string AccountsApi = "accounts-api";
    public const string OpportunitiesApi = "opportunities-api";
    public const string ContractsApi = "contracts-api";
    public const string SuccessApi = "success-api";

    public static readonly IReadOnlyDictionary<string, string[]> AreasByService = new Dictionary<string, string[]>
    {
        [AccountsApi] = ["/api/accounts", "/api/interactions", "/api/users"],
        [OpportunitiesApi] = ["/api/leads", "/api/opportunities", "/api/bids", "/api/targets", "/api/forecast", "/api/funnel", "/api/products", "/api/portfolio"],
        [ContractsApi] = ["/api/contracts", "/api/payments", "/api/collections"],
        [SuccessApi] = ["/api/success"],
    };

    /// <summary>"accounts-api" → "/openapi/accounts.json" (docs/product.md §0).</summary>
    public static string OpenApiPath(string service) => $"/openapi/{service[..service.IndexOf('-')]}.json";
}
