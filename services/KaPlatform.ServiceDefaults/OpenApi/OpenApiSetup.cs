using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;

namespace KaPlatform.ServiceDefaults.OpenApi;

/// <summary>
/// Each service's OpenAPI 3.1 document (docs/product.md §0), generated from its live routes so it cannot drift from them, and
/// completed with what the generator cannot know: the bearer scheme, problem responses with their codes, the shared
/// input limits, Chinese examples. Served at /openapi/v1.json; the gateway publishes it as /openapi/{service}.json.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/{documentName}.json";

    public static IHostApplicationBuilder AddKaOpenApi(this IHostApplicationBuilder builder)
    {
        var service = ServiceName(builder.Environment.ApplicationName);
        builder.Services.AddOpenApi("v1", options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                OpenApiDocumentParts.Describe(document, service);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                OpenApiProblems.Add(operation, context);
                OpenApiQueryEnums.Add(operation, context);
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                OpenApiExamples.Complete(schema, context);
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapKaOpenApi(this IEndpointRouteBuilder app)
    {
        // The description of the API is public, like the gateway's /api-docs page; the data behind it is not.
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        return app;
    }

    /// <summary>"KaPlatform.Accounts.Api" → "accounts".</summary>
    public static string ServiceName(string applicationName)
    {
        var parts = applicationName.Split('.');
        return parts.Length >= 2 ? parts[^2].ToLowerInvariant() : applicationName.ToLowerInvariant();
    }
}
