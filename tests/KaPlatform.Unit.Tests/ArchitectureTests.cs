using System.Xml.Linq;

namespace KaPlatform.Unit.Tests;

/// <summary>
/// The service boundaries (docs/decisions.md, "Boundaries"), read from the project files: services meet only through integration
/// events and the shared ServiceDefaults/Messaging; an event contract depends on nothing but the message contracts.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
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

    /// <summary>Every production project under services/ and gateway/ with the project names it references.</summary>
    public static IReadOnlyDictionary<string, string[]> Projects() =>
        new[] { "services", "gateway" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Root, folder), "*.csproj", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(
                path => Path.GetFileNameWithoutExtension(path),
                path => XDocument.Load(path).Descendants("ProjectReference")
                    .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                    .ToArray());

    [Fact]
    public void The_rules_see_every_service()
    {
        var projects = Projects();
        Assert.All(["Accounts", "Opportunities", "Contracts", "Success"], service =>
        {
            Assert.Contains($"KaPlatform.{service}.Api", projects.Keys);
            Assert.Contains($"KaPlatform.{service}.IntegrationEvents", projects.Keys);
        });
    }

    [Fact]
    public void No_service_api_references_another_api_or_the_gateway()
    {
        string[] allowed = ["KaPlatform.ServiceDefaults", "KaPlatform.Messaging", "KaPlatform.AccountDirectory"];
        var faults = Projects()
            .Where(p => p.Key.EndsWith(".Api", StringComparison.Ordinal))
            .SelectMany(p => p.Value.Where(r => !allowed.Contains(r) && !r.EndsWith(".IntegrationEvents", StringComparison.Ordinal))
                .Select(r => $"{p.Key} → {r}"))
            .ToList();
        Assert.True(faults.Count == 0, "services meet through events only: " + string.Join(", ", faults));
    }

    [Fact]
    public void Integration_event_projects_reference_only_the_message_contracts()
    {
        var faults = Projects()
            .Where(p => p.Key.EndsWith(".IntegrationEvents", StringComparison.Ordinal))
            .SelectMany(p => p.Value.Where(r => r != "KaPlatform.Messaging.Contracts").Select(r => $"{p.Key} → {r}"))
            .ToList();
        Assert.True(faults.Count == 0, "an event contract is what other teams compile against: " + string.Join(", ", faults));
    }

    [Fact]
    public void The_shared_foundations_depend_on_no_service()
    {
        var projects = Projects();
        Assert.Empty(projects["KaPlatform.Messaging.Contracts"]);
        Assert.Empty(projects["KaPlatform.ServiceDefaults"]);
        Assert.Equal(["KaPlatform.Messaging.Contracts", "KaPlatform.ServiceDefaults"], projects["KaPlatform.Messaging"].Order());
        Assert.DoesNotContain(projects["KaPlatform.Gateway"], r => r.EndsWith(".Api", StringComparison.Ordinal) || r.EndsWith(".IntegrationEvents", StringComparison.Ordinal));
    }
}
