using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;

namespace KaPlatform.Accounts.Api.Accounts;

/// <summary>The descriptive fields of docs/product.md §1.1 as one value, validated the same way by POST, PATCH and the CSV import.</summary>
internal sealed record AccountFields(
    string? Name, string? Industry, string? Region, [property: OneOf(typeof(Values), nameof(Values.Categories))] string? Category, [property: OneOf(typeof(Values), nameof(Values.PurchasePatterns))] string? PurchasePattern, [property: OneOf(typeof(Values), nameof(Values.LifecycleStages))] string? LifecycleStage)
{
    public const int NameMax = 200;

    public AccountFields Validated(FieldErrors errors) => new(
        errors.Text("name", Name, NameMax, required: true),
        errors.Text("industry", Industry, 100),
        errors.Text("region", Region, 100, required: true),
        errors.OneOf("category", Category, Values.Categories),
        errors.OneOf("purchasePattern", PurchasePattern, Values.PurchasePatterns),
        errors.OneOf("lifecycleStage", LifecycleStage, Values.LifecycleStages));
}
