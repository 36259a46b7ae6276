namespace KaPlatform.Success.Api.Reviews;

/// <summary>A need a review found; OpportunityId is filled in once opportunities-api opened its expansion opportunity.</summary>
public sealed record ReviewNeed(Guid Id, string Description, decimal? EstimatedValue, string Currency, Guid? OpportunityId);

/// <summary>A success review as the API answers it (docs/product.md §4.5).</summary>
public sealed record ReviewResponse(
    Guid Id, Guid AccountId, DateOnly Date, int Satisfaction, string? Outcomes, string ServiceLevel, IReadOnlyList<ReviewNeed> NewNeeds, Guid CreatedBy);
