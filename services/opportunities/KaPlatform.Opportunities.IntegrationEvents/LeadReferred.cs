using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Opportunities.IntegrationEvents;

/// <summary>
/// A lead came through a referral (转介绍, docs/product.md §9): <see cref="ReferredByAccountId"/> brought it to
/// <see cref="AccountId"/>. Success-api counts referrals per referring account; LeadQualified then OpportunityWon
/// carry the lead to its won amount.
/// </summary>
public sealed record LeadReferred(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid LeadId,
    Guid ReferredByAccountId,
    Guid? ReferredByStakeholderId,
    Guid OwnerId,
    DateOnly ReferredOn) : IIntegrationEvent;
