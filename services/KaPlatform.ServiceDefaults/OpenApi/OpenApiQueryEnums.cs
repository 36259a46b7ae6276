using System.Reflection;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KaPlatform.ServiceDefaults.OpenApi;

/// <summary>
/// Query parameters marked <see cref="OneOfAttribute"/> (`?status=`, `?stage=`, `?kind=`) list their values as `enum`,
/// the same list the handler validates against, as request bodies do through the schema transformer.
/// </summary>
internal static class OpenApiQueryEnums
{
    public static void Add(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        if (operation.Parameters is not { Count: > 0 })
        {
            return;
        }

        foreach (var description in context.Description.ParameterDescriptions)
        {
            var info = (description.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo;
            if (info?.GetCustomAttribute<OneOfAttribute>() is not { } oneOf)
            {
                continue;
            }

            var parameter = operation.Parameters.FirstOrDefault(p => string.Equals(p.Name, description.Name, StringComparison.OrdinalIgnoreCase));
            if (parameter is OpenApiParameter { Schema: OpenApiSchema schema })
            {
                schema.Enum = oneOf.ToEnum();
            }
            else if (parameter is OpenApiParameter concrete)
            {
                // A referenced schema is shared: the parameter gets its own instead.
                concrete.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = oneOf.ToEnum() };
            }
        }
    }
}
