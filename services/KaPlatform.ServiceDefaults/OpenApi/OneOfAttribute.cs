using System.Reflection;
using System.Text.Json.Nodes;

namespace KaPlatform.ServiceDefaults.OpenApi;

/// <summary>
/// Marks a string (or array of strings) request member whose values are an enumeration of docs/product.md, naming the static list the
/// validator checks against — so the OpenAPI document lists exactly the values the service accepts (`enum`), from the
/// one list, without turning the wire type into a CLR enum.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OneOfAttribute(Type holder, string member) : Attribute
{
    public IReadOnlyList<string> Values { get; } = Read(holder, member);

    /// <summary>The values as an OpenAPI `enum`.</summary>
    public List<JsonNode> ToEnum() => [.. Values.Select(v => (JsonNode)JsonValue.Create(v)!)];

    private static string[] Read(Type holder, string member)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        var value = holder.GetField(member, flags)?.GetValue(null) ?? holder.GetProperty(member, flags)?.GetValue(null);
        return value is IEnumerable<string> values
            ? [.. values]
            : throw new ArgumentException($"{holder.Name}.{member} is not a static list of strings.", nameof(member));
    }
}
