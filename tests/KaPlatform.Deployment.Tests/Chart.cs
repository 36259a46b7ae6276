using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace KaPlatform.Deployment.Tests;

/// <summary>deploy/helm/kaplatform rendered as `helm template ka deploy/helm/kaplatform` would, one manifest per document.</summary>
public static class Chart
{
    public const string ReleaseName = "ka";

    public static string Directory => Path.Combine(Repository.Root, "deploy", "helm", "kaplatform");

    public static IReadOnlyList<Manifest> Render(Action<Dictionary<string, object?>>? overrideValues = null)
    {
        var values = (Dictionary<string, object?>)Yaml.Load(File.ReadAllText(Path.Combine(Directory, "values.yaml")))!;
        overrideValues?.Invoke(values);
        var chart = (Dictionary<string, object?>)Yaml.Load(File.ReadAllText(Path.Combine(Directory, "Chart.yaml")))!;
        var root = new Dictionary<string, object?>
        {
            ["Values"] = values,
            ["Release"] = new Dictionary<string, object?> { ["Name"] = ReleaseName, ["Namespace"] = "default" },
            ["Chart"] = new Dictionary<string, object?> { ["Name"] = chart["name"], ["Version"] = chart["version"], ["AppVersion"] = chart["appVersion"] },
        };

        var manifests = new List<Manifest>();
        foreach (var template in System.IO.Directory.GetFiles(Path.Combine(Directory, "templates"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var rendered = ChartTemplate.Render(File.ReadAllText(template), root);
            var stream = new YamlStream();
            stream.Load(new StringReader(rendered));
            manifests.AddRange(stream.Documents
                .Where(d => d.RootNode is YamlMappingNode { Children.Count: > 0 })
                .Select(d => new Manifest(Path.GetFileName(template), (Dictionary<string, object?>)Yaml.ToObject(d.RootNode)!)));
        }

        return manifests;
    }
}

/// <summary>One rendered Kubernetes object, read by paths such as "spec.template.spec.containers".</summary>
public sealed record Manifest(string Template, Dictionary<string, object?> Body)
{
    public string Kind => (string)Body["kind"]!;
    public string Name => (string)Get("metadata.name")!;

    public object? Get(string path) => Yaml.Get(Body, path);
    public override string ToString() => $"{Kind}/{Name} ({Template})";
}

/// <summary>YAML as plain objects: maps, lists, and scalars typed the way Helm's YAML reader types plain ones.</summary>
public static class Yaml
{
    public static object? Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : ToObject(stream.Documents[0].RootNode);
    }

    public static object? ToObject(YamlNode node) => node switch
    {
        YamlMappingNode map => Mapping(map),
        YamlSequenceNode list => list.Children.Select(ToObject).ToList(),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar => Plain(scalar.Value),
        YamlScalarNode scalar => scalar.Value,
        _ => throw new FormatException($"unexpected YAML node {node.NodeType}"),
    };

    public static object? Get(object? value, string path)
    {
        foreach (var part in path.Split('.'))
        {
            value = value is Dictionary<string, object?> map && map.TryGetValue(part, out var next) ? next : null;
        }

        return value;
    }

    /// <summary>A mapping, with YAML merge keys (<c>&lt;&lt;: *anchor</c>) resolved: its own keys win.</summary>
    private static Dictionary<string, object?> Mapping(YamlMappingNode map)
    {
        var result = new Dictionary<string, object?>();
        foreach (var (key, value) in map.Children)
        {
            if (((YamlScalarNode)key).Value == "<<")
            {
                foreach (var (mergedKey, mergedValue) in (Dictionary<string, object?>)ToObject(value)!)
                {
                    result.TryAdd(mergedKey, mergedValue);
                }
            }
            else
            {
                result[((YamlScalarNode)key).Value!] = ToObject(value);
            }
        }

        return result;
    }

    private static object? Plain(string? value) => value switch
    {
        null or "" or "~" or "null" => null,
        "true" => true,
        "false" => false,
        _ when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        _ => value,
    };
}

public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KaPlatform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("KaPlatform.sln not found above " + AppContext.BaseDirectory);
    }
}
