namespace KaPlatform.Accounts.Api.Accounts;

/// <summary>A class, not a positional record: Dapper maps uuid[] and nullable columns onto properties, not constructor parameters.</summary>
public sealed class AccountResponse
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Region { get; init; } = "";
    public Guid OwnerId { get; init; }
    public Guid? ParentId { get; init; }
    public Guid[] TeamUserIds { get; init; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }
}
