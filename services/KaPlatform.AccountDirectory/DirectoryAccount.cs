namespace KaPlatform.AccountDirectory;

public sealed record DirectoryAccount(Guid Id, string Name, string Region, Guid OwnerId, Guid? ParentId, Guid[] TeamUserIds, DateTime AsOf);
