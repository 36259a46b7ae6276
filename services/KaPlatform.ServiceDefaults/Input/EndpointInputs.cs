using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace KaPlatform.ServiceDefaults.Input;

/// <summary>
/// What an endpoint reads, worked out once from its handler's signature: the JSON body's type and the query-string
/// parameters with their types ([AsParameters] bundles opened). The guards and the error translator use it to say
/// what a field must be without naming a CLR type.
/// </summary>
public sealed class EndpointInputs
{
    private static readonly ConcurrentDictionary<Endpoint, EndpointInputs> Cache = new();

    private EndpointInputs(Endpoint endpoint)
    {
        BodyType = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var route = (endpoint as RouteEndpoint)?.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var method = endpoint.Metadata.GetMetadata<MethodInfo>();
        var query = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in method?.GetParameters() ?? [])
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var property in parameter.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    AddQuery(query, route, property.GetCustomAttribute<FromQueryAttribute>()?.Name ?? property.Name, property.PropertyType, property.GetCustomAttributes());
                }
            }
            else
            {
                AddQuery(query, route, parameter.GetCustomAttribute<FromQueryAttribute>()?.Name ?? parameter.Name!, parameter.ParameterType, parameter.GetCustomAttributes());
            }
        }

        Query = query;
    }

    public Type? BodyType { get; }

    /// <summary>Query-string name → the CLR type it binds to.</summary>
    public IReadOnlyDictionary<string, Type> Query { get; }

    public static EndpointInputs Of(Endpoint endpoint) => Cache.GetOrAdd(endpoint, e => new EndpointInputs(e));

    private static void AddQuery(Dictionary<string, Type> query, HashSet<string> route, string name, Type type, IEnumerable<Attribute> attributes)
    {
        var attrs = attributes.ToList();
        if (route.Contains(name) || attrs.Any(a => a is FromBodyAttribute or FromServicesAttribute or FromRouteAttribute or FromHeaderAttribute or FromFormAttribute))
        {
            return;
        }

        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(CancellationToken) || underlying == typeof(ClaimsPrincipal) || typeof(HttpContext).IsAssignableFrom(underlying)
            || underlying == typeof(HttpRequest) || underlying == typeof(HttpResponse) || underlying.IsInterface)
        {
            return;
        }

        var item = underlying.IsArray ? underlying.GetElementType()! : underlying;
        item = Nullable.GetUnderlyingType(item) ?? item;
        if (item.IsPrimitive || item.IsEnum || item == typeof(string) || item == typeof(decimal) || item == typeof(Guid)
            || item == typeof(DateOnly) || item == typeof(DateTime) || item == typeof(DateTimeOffset))
        {
            query[name] = type;
        }
    }
}
