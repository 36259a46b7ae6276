namespace KaPlatform.Success.Api.Reviews;

public static class ReviewsApi
{
    public static IEndpointRouteBuilder MapReviewsApi(this IEndpointRouteBuilder app)
    {
        var reviews = app.MapGroup("/api/success/accounts/{id:guid}/reviews").WithTags("Success");
        reviews.MapPost("/", RecordReview.HandleAsync).WithSummary("Record a customer-success review of an account");
        reviews.MapGet("/", ListReviews.HandleAsync).WithSummary("An account's success reviews, newest first");
        return app;
    }
}
