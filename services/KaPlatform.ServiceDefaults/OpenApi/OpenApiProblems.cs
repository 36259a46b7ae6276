using System.Text.Json.Nodes;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KaPlatform.ServiceDefaults.OpenApi;

/// <summary>Every operation's problem answers (RFC 9457 with `code` and `params`), with the codes it may carry.</summary>
internal static class OpenApiProblems
{
    public static void Add(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var method = context.Description.HttpMethod ?? "GET";
        var path = context.Description.RelativePath ?? "";
        var hasRouteValues = path.Contains('{');
        var routeCodes = context.Description.ActionDescriptor.EndpointMetadata.OfType<ProblemCodes>().SelectMany(p => p.Codes).ToList();
        operation.Responses ??= new OpenApiResponses();

        Set(operation, "400", "Malformed input: `errors` and `fieldErrors` name each field at fault.",
            ["invalid_request", "invalid_limit", "invalid_cursor", "invalid_if_match", "invalid_idempotency_key"]);
        Set(operation, "401", "No valid bearer token.", ["unauthenticated"]);
        Set(operation, "403", "The caller's role may not do this.", ["forbidden"]);
        if (hasRouteValues || HttpMethods.IsPost(method))
        {
            Set(operation, "404", "Unknown, or not visible to the caller (docs/product.md §6).", ["not_found"]);
        }

        if (!HttpMethods.IsGet(method))
        {
            Set(operation, "409", "A concurrent or duplicate request.", ["idempotency_in_progress", "duplicate"]);
            Set(operation, "413", "The body is larger than the limit.", ["body_too_large"]);
            Set(operation, "422", "A business rule refused the request.",
                ["idempotency_key_reused", "unknown_reference", .. routeCodes]);
        }
        else if (routeCodes.Count > 0)
        {
            Set(operation, "422", "A business rule refused the request.", routeCodes);
        }

        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IfMatchChecked>().Any())
        {
            Set(operation, "412", "If-Match names an older version: reload and retry.", ["version_conflict"]);
            AddHeader(operation, "If-Match",
                "The ETag of the version you read (the ETag header of its answer). If the resource changed since, the answer is 412 version_conflict and nothing is applied; without the header the change applies to the current version.");
        }

        Set(operation, "503", "The service (through the gateway) or its database is unavailable or busy for the moment. Retry after `Retry-After` seconds (a create with the same Idempotency-Key).",
            ["database_unavailable", "database_busy", "service_unavailable"]);
        Set(operation, "504", "Through the gateway: the service did not answer in time; the request may have been applied.", ["service_timeout"]);

        if (HttpMethods.IsPost(method))
        {
            AddHeader(operation, "Idempotency-Key",
                "Repeat a create safely: the same key and body answer the first result; the same key with another body is 422 idempotency_key_reused.");
        }
    }

    /// <summary>An optional request header of at most 200 characters.</summary>
    private static void AddHeader(OpenApiOperation operation, string name, string description)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = false,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
        });
    }

    private static void Set(OpenApiOperation operation, string status, string description, IReadOnlyCollection<string> codes)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description + " Codes: " + string.Join(", ", codes.Distinct()) + ".",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = ProblemSchema(codes, int.Parse(status, System.Globalization.CultureInfo.InvariantCulture)) },
            },
        };
    }

    private static OpenApiSchema ProblemSchema(IReadOnlyCollection<string> codes, int status) => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "status", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Examples = [JsonValue.Create(status)] },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "English, for logs; show `code` + `params` to people." },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = codes.Distinct().Select(c => (JsonNode)JsonValue.Create(c)!).ToList() },
            ["params"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "The values a translated message needs." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Field → what it must be, in plain words (400 only).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["fieldErrors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "The same per field with a code and params (400 only).",
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["field"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["code"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["params"] = new OpenApiSchema { Type = JsonSchemaType.Object },
                        ["message"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                },
            },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
        },
    };
}
