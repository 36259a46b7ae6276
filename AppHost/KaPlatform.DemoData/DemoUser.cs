namespace KaPlatform.DemoData;

/// <summary>A person of the demo, one per role. Fixed ids, so tokens and ownership stay valid across restarts.</summary>
public sealed record DemoUser(Guid Id, string Name, string Role, string? Region)
{
    public static readonly DemoUser Admin = new(Guid.Parse("d0000000-0000-4000-8000-000000000001"), "周敏 Zhou Min", "admin", null);
    public static readonly DemoUser SalesDirector = new(Guid.Parse("d0000000-0000-4000-8000-000000000002"), "李伟 Li Wei", "sales_director", "华东");
    public static readonly DemoUser KeyAccountManager = new(Guid.Parse("d0000000-0000-4000-8000-000000000003"), "张静 Zhang Jing", "key_account_manager", "华东");
    public static readonly DemoUser SalesRep = new(Guid.Parse("d0000000-0000-4000-8000-000000000004"), "王磊 Wang Lei", "sales_rep", "华东");
    public static readonly DemoUser Finance = new(Guid.Parse("d0000000-0000-4000-8000-000000000005"), "陈芳 Chen Fang", "finance", null);
    public static readonly DemoUser CsManager = new(Guid.Parse("d0000000-0000-4000-8000-000000000006"), "刘洋 Liu Yang", "cs_manager", "华东");

    public static readonly IReadOnlyList<DemoUser> All = [Admin, SalesDirector, KeyAccountManager, SalesRep, Finance, CsManager];

    /// <summary>The body of POST /api/dev/token for this user.</summary>
    public object TokenRequest => new { userId = Id, name = Name, roles = new[] { Role }, region = Region };
}
