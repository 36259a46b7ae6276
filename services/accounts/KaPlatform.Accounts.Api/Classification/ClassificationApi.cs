using KaPlatform.ServiceDefaults.Http;

namespace KaPlatform.Accounts.Api.Classification;

public static class ClassificationApi
{
    public static IEndpointRouteBuilder MapClassificationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts").WithTags("Classification");
        group.MapPost("/{id:guid}/assessments", AssessAccount.HandleAsync)
            .WithSummary("Assess an account: contribution, potential and the other criteria set its class");
        group.MapGet("/{id:guid}/classification", GetClassification.HandleAsync)
            .WithSummary("The account's current class and its assessment history");
        // A literal segment: never taken for an account id (those are constrained to :guid).
        group.MapGet("/settings/classification", ChangeClassificationSettings.GetAsync)
            .WithSummary("The classification thresholds and weights");
        group.MapPut("/settings/classification", ChangeClassificationSettings.PutAsync).ChecksIfMatch()
            .WithSummary("Change the classification thresholds and weights (admin)");
        return app;
    }
}
