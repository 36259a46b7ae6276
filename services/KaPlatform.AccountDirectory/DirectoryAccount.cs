namespace KaPlatform.AccountDirectory;

/// <summary>A class, not a positional record: Dapper maps uuid[] and nullable columns onto properties, not constructor parameters.</summary>
public sealed class DirectoryAccount
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Region { get; init; } = "";
    public Guid OwnerId { get; init; }
    public Guid? ParentId { get; init; }
    public Guid[] TeamUserIds { get; init; } = [];
    public DateTime AsOf { get; init; }
}
