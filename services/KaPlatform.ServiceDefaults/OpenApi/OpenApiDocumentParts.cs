using KaPlatform.ServiceDefaults.Input;
using Microsoft.OpenApi;

namespace KaPlatform.ServiceDefaults.OpenApi;

/// <summary>The document-wide parts: title, the rules every route shares, the bearer scheme.</summary>
internal static class OpenApiDocumentParts
{
    public static void Describe(OpenApiDocument document, string service)
    {
        document.Info = new OpenApiInfo
        {
            Title = $"KaPlatform {service}",
            Version = "v1",
            Description =
                $"""
                The {service} service of KaPlatform, reached through the gateway. Conventions (docs/product.md §0, docs/api-contract.md):
                JSON in camelCase, enum values in snake_case, ids are UUIDs, dates YYYY-MM-DD (an ISO instant is also read as its
                date in the business time zone), instants ISO-8601 UTC, money is a decimal `amount` with a 3-letter `currency`.
                Errors are RFC 9457 problem details with a stable `code` and `params`; 400 answers list `errors` per field in plain
                words and `fieldErrors` with a code and params for each. Limits on every route: texts at most {InputLimits.MaxTextLength}
                characters, arrays at most {InputLimits.MaxArrayItems} entries, numbers below 10^15, dates from
                {InputLimits.EarliestDate:yyyy-MM-dd} to {InputLimits.LatestDate:yyyy-MM-dd}, no NUL characters, JSON bodies at most
                {InputLimits.MaxJsonBodyBytes / 1024} KiB. Lists take `limit` (1–500, default 50) and an opaque `cursor`.
                `POST` creates honour `Idempotency-Key`.
                """,
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An access token from the platform's OpenID Connect provider (docs/product.md §6).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
    }
}
