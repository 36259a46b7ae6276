namespace KaPlatform.Accounts.Api.Accounts;

public sealed record AccountResponse(
    Guid Id,
    string Name,
    string Region,
    Guid OwnerId,
    Guid? ParentId,
    Guid[] TeamUserIds,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version);
