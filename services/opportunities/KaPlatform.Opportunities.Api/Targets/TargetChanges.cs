using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Opportunities.Api.Targets;

/// <summary>The event that tells a seller their number moved: set, or adjusted to another amount (a floor change alone is not news to them).</summary>
internal static class TargetChanges
{
    public static TargetChanged Of(TargetResponse target, decimal? previousAmount, string reason, Caller caller) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, Guid.Empty, target.Id, target.OwnerId, target.Period, target.ProductFamily,
            target.Amount, previousAmount, target.Currency, reason, caller.UserId);
}
