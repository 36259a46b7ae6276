namespace KaPlatform.AppHost.Seed;

/// <summary>
/// A group customer with provincial subsidiaries (the 集团/省公司 shape key-account work revolves around) and a few
/// well-known names in three regions, owned so that each sales role sees a different slice.
/// </summary>
internal static class DemoAccounts
{
    private sealed record Account(string Key, string Name, string Region, DemoUser Owner, string? ParentKey = null);

    private static readonly Account[] Accounts =
    [
        new("cmcc", "中国移动通信集团", "华北", DemoUser.KeyAccountManager),
        new("cmcc-zj", "中国移动浙江公司", "华东", DemoUser.KeyAccountManager, "cmcc"),
        new("cmcc-js", "中国移动江苏公司", "华东", DemoUser.SalesRep, "cmcc"),
        new("sgcc", "国家电网有限公司", "华北", DemoUser.KeyAccountManager),
        new("huawei", "华为技术有限公司", "华南", DemoUser.SalesRep),
        new("siemens-cn", "Siemens China", "华东", DemoUser.SalesRep),
    ];

    public static async Task CreateAsync(SeedClient client, CancellationToken cancellationToken)
    {
        foreach (var account in Accounts)
        {
            Guid? parentId = account.ParentKey is null ? null : client.Ids[account.ParentKey];
            client.Ids[account.Key] = await client.CreateAsync(DemoUser.Admin, "/api/accounts",
                new { name = account.Name, region = account.Region, ownerId = account.Owner.Id, parentId }, cancellationToken);
        }
    }
}
