using System.Text.RegularExpressions;

namespace KaPlatform.Deployment.Tests;

/// <summary>deploy/images and deploy/compose.yaml: the rules every image and the one-machine deployment keep.</summary>
public sealed partial class ImageAndComposeTests
{
    private static string Images => Path.Combine(Repository.Root, "deploy", "images");

    public static TheoryData<string> Dockerfiles() => new(Directory.GetDirectories(Images)
        .Where(d => File.Exists(Path.Combine(d, "Dockerfile"))).Select(Path.GetFileName).Order().ToArray()!);

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Every_image_builds_from_our_base_or_the_one_named_by_the_base_argument(string image)
    {
        var lines = File.ReadAllLines(Path.Combine(Images, image, "Dockerfile"));
        Assert.Contains("ARG BASE=kaplatform/debian:bookworm", lines);
        Assert.Equal(["FROM ${BASE}"], lines.Where(l => l.StartsWith("FROM", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Every_image_runs_as_a_non_root_user_with_a_health_check(string image)
    {
        var text = File.ReadAllText(Path.Combine(Images, image, "Dockerfile"));
        var user = Assert.Single(UserPattern().Matches(text)).Groups["user"].Value;
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user.Split(':')[0]);
        Assert.Contains("HEALTHCHECK", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_platform_images_check_alive_and_take_configuration_only_from_the_environment()
    {
        var text = File.ReadAllText(Path.Combine(Images, "dotnet", "Dockerfile"));
        Assert.Contains("/alive", text, StringComparison.Ordinal);
        Assert.DoesNotContain("appsettings", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(?m)^(VOLUME|COPY .*\\.json)", text);
    }

    [Fact]
    public void Compose_runs_only_our_images_with_two_replicas_of_every_service_and_ports_on_loopback()
    {
        var compose = (Dictionary<string, object?>)Yaml.Load(File.ReadAllText(Path.Combine(Repository.Root, "deploy", "compose.yaml")))!;
        var services = (Dictionary<string, object?>)compose["services"]!;
        Assert.Equal(["accounts-api", "contracts-api", "gateway", "opportunities-api", "postgres", "rabbitmq", "success-api"], services.Keys.Order());
        foreach (var (name, body) in services)
        {
            Assert.StartsWith("kaplatform/", (string)Yaml.Get(body, "image")!);
            foreach (var port in (Yaml.Get(body, "ports") as List<object?>) ?? [])
            {
                Assert.StartsWith("127.0.0.1:", (string)port!);
            }

            if (name.EndsWith("-api", StringComparison.Ordinal))
            {
                Assert.Equal(2L, Yaml.Get(body, "scale"));
                Assert.Equal("always", Yaml.Get(body, "restart"));
            }
        }
    }

    [GeneratedRegex(@"(?m)^USER\s+(?<user>\S+)")]
    private static partial Regex UserPattern();
}
