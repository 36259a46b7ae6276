namespace KaPlatform.Deployment.Tests;

public sealed class ChartTests
{
    private static readonly string[] Processes = ["accounts-api", "contracts-api", "gateway", "opportunities-api", "success-api"];
    private static readonly IReadOnlyList<Manifest> Manifests = Chart.Render();

    private static IEnumerable<Manifest> OfKind(string kind) => Manifests.Where(m => m.Kind == kind);

    private static Dictionary<string, object?> Container(Manifest deployment) =>
        (Dictionary<string, object?>)Assert.Single((List<object?>)deployment.Get("spec.template.spec.containers")!)!;

    [Fact]
    public void Every_process_is_a_deployment_with_more_than_one_replica()
    {
        var deployments = OfKind("Deployment").ToList();
        Assert.Equal(Processes.Select(p => $"{Chart.ReleaseName}-{p}"), deployments.Select(d => d.Name).Order());
        Assert.All(deployments, d => Assert.True((long)d.Get("spec.replicas")! >= 2, $"{d} runs a single replica"));
    }

    [Fact]
    public void Every_deployment_is_probed_ready_on_health_and_live_on_alive()
    {
        Assert.All(OfKind("Deployment"), d =>
        {
            var container = Container(d);
            Assert.Equal("/health", Yaml.Get(container, "readinessProbe.httpGet.path"));
            Assert.Equal("/alive", Yaml.Get(container, "livenessProbe.httpGet.path"));
            Assert.Equal("http", Yaml.Get(container, "readinessProbe.httpGet.port"));
            Assert.Contains(8080L, ((List<object?>)container["ports"]!).Select(p => Yaml.Get(p, "containerPort")));
        });
    }

    [Fact]
    public void Every_deployment_requests_and_limits_cpu_and_memory()
    {
        Assert.All(OfKind("Deployment"), d =>
        {
            var container = Container(d);
            foreach (var path in new[] { "resources.requests.cpu", "resources.requests.memory", "resources.limits.cpu", "resources.limits.memory" })
            {
                Assert.False(string.IsNullOrEmpty(Yaml.Get(container, path)?.ToString()), $"{d} has no {path}");
            }
        });
    }

    [Fact]
    public void Every_deployment_runs_as_a_non_root_user_without_privileges()
    {
        Assert.All(OfKind("Deployment"), d =>
        {
            Assert.Equal(true, d.Get("spec.template.spec.securityContext.runAsNonRoot"));
            Assert.True((long)d.Get("spec.template.spec.securityContext.runAsUser")! > 0, $"{d} runs as root");
            var container = Container(d);
            Assert.Equal(true, Yaml.Get(container, "securityContext.runAsNonRoot"));
            Assert.Equal(false, Yaml.Get(container, "securityContext.allowPrivilegeEscalation"));
            Assert.Equal(new List<object?> { "ALL" }, Yaml.Get(container, "securityContext.capabilities.drop"));
        });
    }

    [Fact]
    public void Every_image_is_one_of_ours_at_the_chart_version()
    {
        var images = OfKind("Deployment").Select(d => (string)Container(d)["image"]!).ToList();
        Assert.Equal(Processes.Select(p => $"kaplatform/{p}:1.0.0"), images.Order());
        Assert.DoesNotContain(Manifests, m => m.Kind is "StatefulSet" or "DaemonSet" or "Job" or "CronJob" or "Pod");
    }

    [Fact]
    public void A_registry_prefixes_every_image()
    {
        var rendered = Chart.Render(values => ((Dictionary<string, object?>)values["image"]!)["registry"] = "registry.example.com/");
        Assert.All(rendered.Where(m => m.Kind == "Deployment"),
            d => Assert.StartsWith("registry.example.com/kaplatform/", (string)Container(d)["image"]!));
    }

    [Fact]
    public void Every_deployment_has_a_service_an_autoscaler_and_a_disruption_budget()
    {
        foreach (var deployment in OfKind("Deployment"))
        {
            var selector = (Dictionary<string, object?>)deployment.Get("spec.selector.matchLabels")!;
            var service = Assert.Single(OfKind("Service"), s => s.Name == deployment.Name);
            Assert.Equal(selector, service.Get("spec.selector"));

            var hpa = Assert.Single(OfKind("HorizontalPodAutoscaler"), h => (string?)h.Get("spec.scaleTargetRef.name") == deployment.Name);
            Assert.Equal("Deployment", hpa.Get("spec.scaleTargetRef.kind"));
            Assert.True((long)hpa.Get("spec.minReplicas")! >= 2);
            Assert.True((long)hpa.Get("spec.maxReplicas")! > (long)hpa.Get("spec.minReplicas")!);

            var pdb = Assert.Single(OfKind("PodDisruptionBudget"), p => Equals(p.Get("spec.selector.matchLabels"), selector)
                || ((Dictionary<string, object?>)p.Get("spec.selector.matchLabels")!).SequenceEqual(selector));
            Assert.Equal(1L, pdb.Get("spec.minAvailable"));
        }
    }

    [Fact]
    public void The_ingress_sends_everything_to_the_gateway_over_tls()
    {
        var ingress = Assert.Single(OfKind("Ingress"));
        var path = (Dictionary<string, object?>)Assert.Single((List<object?>)Yaml.Get(Assert.Single((List<object?>)ingress.Get("spec.rules")!), "http.paths")!)!;
        Assert.Equal("/", path["path"]);
        Assert.Equal($"{Chart.ReleaseName}-gateway", Yaml.Get(path, "backend.service.name"));
        Assert.NotNull(ingress.Get("spec.tls"));
    }

    [Fact]
    public void Connection_strings_and_the_signing_key_come_from_the_secret_never_the_config_map()
    {
        var config = (Dictionary<string, object?>)Assert.Single(OfKind("ConfigMap")).Get("data")!;
        Assert.DoesNotContain(config.Keys, k => k.StartsWith("ConnectionStrings", StringComparison.Ordinal) || k.Contains("SigningKey", StringComparison.Ordinal));
        Assert.Equal("true", config["Messaging__QuorumQueues"]);
        Assert.Equal("http://ka-contracts-api:8080", config["services__contracts-api__http__0"]);

        foreach (var deployment in OfKind("Deployment"))
        {
            var env = ((List<object?>)Container(deployment)["env"]!).Cast<Dictionary<string, object?>>().ToDictionary(e => (string)e["name"]!);
            var service = deployment.Name[(Chart.ReleaseName.Length + 1)..];
            var expected = new List<string> { "ConnectionStrings__eventbus", "Auth__SigningKey" };
            if (service != "gateway")
            {
                expected.Add($"ConnectionStrings__{service.Replace("-api", "", StringComparison.Ordinal)}db");
            }

            Assert.All(expected, key => Assert.Equal("kaplatform-connections", Yaml.Get(env[key], "valueFrom.secretKeyRef.name")));
        }
    }

    [Fact]
    public void The_secret_is_made_by_the_chart_only_when_asked()
    {
        Assert.Empty(OfKind("Secret"));
        var rendered = Chart.Render(values =>
        {
            var secrets = (Dictionary<string, object?>)values["secrets"]!;
            secrets["create"] = true;
            secrets["values"] = new Dictionary<string, object?> { ["Auth__SigningKey"] = "a \"quoted\" key" };
        });
        var secret = Assert.Single(rendered, m => m.Kind == "Secret");
        Assert.Equal("a \"quoted\" key", secret.Get("stringData.Auth__SigningKey"));
    }
}
