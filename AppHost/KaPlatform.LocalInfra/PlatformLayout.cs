namespace KaPlatform.LocalInfra;

/// <summary>A process of the platform: where its project lives and which database it owns (the gateway owns none).</summary>
public sealed record ServiceDefinition(string Name, string? Database, string ProjectDirectory, string AssemblyName);

/// <summary>The platform's resource names, for tests and the benchmark (the AppHost's Program.cs is the model itself).</summary>
public static class PlatformLayout
{
    public static readonly ServiceDefinition Accounts = new("accounts-api", "accountsdb", "services/accounts/KaPlatform.Accounts.Api", "KaPlatform.Accounts.Api");
    public static readonly ServiceDefinition Opportunities = new("opportunities-api", "opportunitiesdb", "services/opportunities/KaPlatform.Opportunities.Api", "KaPlatform.Opportunities.Api");
    public static readonly ServiceDefinition Contracts = new("contracts-api", "contractsdb", "services/contracts/KaPlatform.Contracts.Api", "KaPlatform.Contracts.Api");
    public static readonly ServiceDefinition Success = new("success-api", "successdb", "services/success/KaPlatform.Success.Api", "KaPlatform.Success.Api");
    public static readonly ServiceDefinition Gateway = new("gateway", null, "gateway/KaPlatform.Gateway", "KaPlatform.Gateway");

    public static readonly IReadOnlyList<ServiceDefinition> Services = [Accounts, Opportunities, Contracts, Success];

    /// <summary>The folder holding KaPlatform.sln, found by walking up from this assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KaPlatform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("KaPlatform.sln not found above " + AppContext.BaseDirectory);
    }
}
