using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KaPlatform.ApiContract.Tests;

/// <summary>One operation of a service's OpenAPI document.</summary>
public sealed record Operation(string Service, string Method, string Path, JsonElement Body, JsonElement Document)
{
    public override string ToString() => $"{Method} {Path}";

    public IEnumerable<JsonElement> Parameters(string location) =>
        Body.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Select(p => Resolve(Document, p)).Where(p => p.GetProperty("in").GetString() == location)
            : [];

    /// <summary>The JSON request body's schema, resolved, or null without a JSON body.</summary>
    public JsonElement? RequestSchema =>
        Body.TryGetProperty("requestBody", out var body) && Resolve(Document, body).TryGetProperty("content", out var content)
        && content.EnumerateObject().FirstOrDefault(c => c.Name.Contains("json", StringComparison.Ordinal)).Value is { ValueKind: JsonValueKind.Object } json
        && json.TryGetProperty("schema", out var schema)
            ? Resolve(Document, schema)
            : null;

    public bool IsWrite => Method != "GET";

    /// <summary>A list or report: a GET that takes query parameters.</summary>
    public bool IsList => Method == "GET" && Parameters("query").Any();

    /// <summary>Follows a local $ref (`#/components/schemas/X`).</summary>
    public static JsonElement Resolve(JsonElement document, JsonElement node)
    {
        for (var i = 0; i < 10 && node.ValueKind == JsonValueKind.Object && node.TryGetProperty("$ref", out var reference); i++)
        {
            var target = document;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(part.Replace("~1", "/").Replace("~0", "~"));
            }

            node = target;
        }

        return node;
    }
}

public static partial class OpenApiDocuments
{
    /// <summary>Each service's document as the gateway serves it at /openapi/{service}.json.</summary>
    public static async Task<Dictionary<string, JsonElement>> LoadAsync(HttpClient gateway)
    {
        var documents = new Dictionary<string, JsonElement>();
        foreach (var service in ApiContractFixture.Services)
        {
            using var response = await gateway.GetAsync($"/openapi/{service}.json");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/openapi/{service}.json: {(int)response.StatusCode} {text}");
            documents[service] = JsonDocument.Parse(text).RootElement.Clone();
        }

        return documents;
    }

    public static IEnumerable<Operation> Operations(string service, JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete")
            .Select(o => new Operation(service, o.Name.ToUpperInvariant(), path.Name, o.Value, document)));

    /// <summary>`/api/accounts/{id}/stakeholders/{sid}` → `/api/accounts/{}/stakeholders/{}`: templates compare by shape.</summary>
    public static string Shape(string path) => RouteValue().Replace(path, "{}");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteValue();
}
