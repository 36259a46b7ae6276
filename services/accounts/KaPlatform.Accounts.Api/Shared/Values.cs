namespace KaPlatform.Accounts.Api.Shared;

/// <summary>The snake_case enum values of docs/product.md §1, in the order of docs/product.md.</summary>
internal static class Values
{
    public static readonly string[] Categories = ["economic", "important", "group", "strategic"];
    public static readonly string[] PurchasePatterns = ["continuous", "occasional"];
    public static readonly string[] LifecycleStages = ["acquisition", "growth", "stable", "decline"];
    public static readonly string[] TeamRoles = ["owner", "sales", "technical", "delivery", "executive_sponsor"];
    public static readonly string[] CreditRatings = ["A", "B", "C", "D"];
    public static readonly string[] BuyingRoles =
        ["economic_buyer", "decision_maker", "technical_gatekeeper", "user", "purchasing", "finance", "coach", "influencer"];
    public static readonly string[] Stances = ["ally", "supporter", "neutral", "skeptic", "misunderstander", "regressor", "opponent"];
    public static readonly string[] InteractionKinds = ["visit", "hosted_visit", "meeting", "call", "email", "event"];
    public static readonly string[] ActionStatuses = ["todo", "in_progress", "done", "cancelled"];
    public static readonly string[] Horizons = ["short", "long"];
}
