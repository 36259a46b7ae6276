namespace KaPlatform.Accounts.IntegrationEvents;

/// <summary>Role ∈ owner, sales, technical, delivery, executive_sponsor.</summary>
public sealed record TeamMember(Guid UserId, string Role);
