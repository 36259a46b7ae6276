namespace KaPlatform.Accounts.Api.Classification;

public static class ClassificationApi
{
    public static IEndpointRouteBuilder MapClassificationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts").WithTags("Classification");
        group.MapPost("/{id:guid}/assessments", AssessAccount.HandleAsync);
        group.MapGet("/{id:guid}/classification", GetClassification.HandleAsync);
        // A literal segment: never taken for an account id (those are constrained to :guid).
        group.MapGet("/settings/classification", ChangeClassificationSettings.GetAsync);
        group.MapPut("/settings/classification", ChangeClassificationSettings.PutAsync);
        return app;
    }
}
