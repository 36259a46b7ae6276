namespace KaPlatform.LocalInfra;

/// <summary>A process of the platform: where its project lives and which database it owns (the gateway owns none).</summary>
public sealed record ServiceDefinition(string Name, string? Database, string ProjectDirectory, string AssemblyName);

/// <summary>The platform's processes and where their builds land. One list for the AppHost, tests and benchmark.</summary>
public static class PlatformLayout
{
    public static readonly ServiceDefinition Accounts = new("accounts-api", "accountsdb", "services/accounts/KaPlatform.Accounts.Api", "KaPlatform.Accounts.Api");
    public static readonly ServiceDefinition Opportunities = new("opportunities-api", "opportunitiesdb", "services/opportunities/KaPlatform.Opportunities.Api", "KaPlatform.Opportunities.Api");
    public static readonly ServiceDefinition Contracts = new("contracts-api", "contractsdb", "services/contracts/KaPlatform.Contracts.Api", "KaPlatform.Contracts.Api");
    public static readonly ServiceDefinition Success = new("success-api", "successdb", "services/success/KaPlatform.Success.Api", "KaPlatform.Success.Api");
    public static readonly ServiceDefinition Gateway = new("gateway", null, "gateway/KaPlatform.Gateway", "KaPlatform.Gateway");

    public static readonly IReadOnlyList<ServiceDefinition> Services = [Accounts, Opportunities, Contracts, Success];

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

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

    /// <summary>The built entry assembly of a process, in this build's configuration (or the other one if only that exists).</summary>
    public static string AssemblyPath(ServiceDefinition service)
    {
        var project = Path.Combine(RepositoryRoot(), service.ProjectDirectory, "bin");
        var preferred = Path.Combine(project, Configuration, "net10.0", service.AssemblyName + ".dll");
        var other = Path.Combine(project, Configuration == "Debug" ? "Release" : "Debug", "net10.0", service.AssemblyName + ".dll");
        return File.Exists(preferred) ? preferred
            : File.Exists(other) ? other
            : throw new FileNotFoundException($"{service.Name} is not built: run dotnet build KaPlatform.sln first.", preferred);
    }
}
