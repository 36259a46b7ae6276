using Microsoft.AspNetCore.Builder;

namespace KaPlatform.ServiceDefaults.OpenApi;

/// <summary>The business-rule codes (422 unless stated) a route may answer besides the ones every route shares; shown in its OpenAPI operation.</summary>
public sealed record ProblemCodes(IReadOnlyList<string> Codes);

public static class ProblemCodesExtensions
{
    /// <summary>Documents the refusal codes of this route (docs/product.md §0: a machine-readable `code` per problem).</summary>
    public static TBuilder Refuses<TBuilder>(this TBuilder builder, params string[] codes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProblemCodes(codes));
}
