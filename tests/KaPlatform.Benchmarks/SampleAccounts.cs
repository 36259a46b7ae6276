namespace KaPlatform.Benchmarks;

/// <summary>One generated account row, in the columns of accounts-api's migration 0001.</summary>
internal sealed record SampleAccount(
    Guid Id, string Name, string Region, Guid OwnerId, Guid? ParentId, Guid[] TeamUserIds, DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>1 for an account without a parent, 2 for a group's direct subsidiary, and so on.</summary>
    public int Level { get; init; } = 1;
}

/// <summary>
/// Plausible key accounts: mostly Chinese company names (city + brand + industry + legal form), some English ones,
/// regions matching the city, groups (集团) with subsidiaries down to five levels (集团 → 分公司 → 支公司 → 营业部 →
/// 服务网点, issue 18's "5-level group hierarchy"), owners spread over a pool of sales users, each team holding its owner.
/// Seeded, so two runs generate the same shape.
/// </summary>
/// <param name="stream">Parallel loaders each take their own stream: the same users, other accounts, and every
/// subsidiary's parent within the same stream (so no loader waits on another's uncommitted rows).</param>
internal sealed class SampleAccounts(int seed = 20_240_601, int users = 500, int stream = 0)
{
    private static readonly (string City, string Region)[] Cities =
    [
        ("北京", "华北"), ("天津", "华北"), ("石家庄", "华北"), ("太原", "华北"), ("呼和浩特", "华北"),
        ("上海", "华东"), ("杭州", "华东"), ("南京", "华东"), ("苏州", "华东"), ("宁波", "华东"), ("合肥", "华东"), ("济南", "华东"), ("青岛", "华东"), ("福州", "华东"), ("厦门", "华东"),
        ("广州", "华南"), ("深圳", "华南"), ("东莞", "华南"), ("南宁", "华南"), ("海口", "华南"),
        ("武汉", "华中"), ("长沙", "华中"), ("郑州", "华中"), ("南昌", "华中"),
        ("成都", "西南"), ("重庆", "西南"), ("昆明", "西南"), ("贵阳", "西南"),
        ("西安", "西北"), ("兰州", "西北"), ("乌鲁木齐", "西北"), ("银川", "西北"),
        ("沈阳", "东北"), ("大连", "东北"), ("长春", "东北"), ("哈尔滨", "东北"),
    ];

    private static readonly string[] Brands =
    [
        "华信", "中科", "东方", "恒通", "瑞丰", "金桥", "远航", "天成", "鼎盛", "博雅", "新元", "国泰", "长城", "海纳", "星河",
        "联创", "同方", "汇通", "启明", "众诚", "凯达", "宏图", "晨光", "安泰", "明德", "润华", "嘉禾", "中天", "华瑞", "永信",
    ];

    private static readonly string[] Industries =
    [
        "科技", "电子", "通信", "能源", "电力", "医药", "物流", "软件", "信息技术", "机械", "化工", "建设", "环保", "汽车", "新材料", "智能制造", "数据",
    ];

    private static readonly string[] LegalForms = ["有限公司", "股份有限公司", "有限责任公司"];

    private static readonly string[] StateGroups = ["中国移动", "中国电信", "中国联通", "国家电网", "中国石化", "中国建筑", "中国银行", "中国中车"];

    private static readonly string[] EnglishFirst =
    [
        "Pacific", "Evergreen", "Northstar", "Summit", "Atlas", "Orion", "Harbor", "Granite", "Silverline", "Bluewater",
        "Redwood", "Meridian", "Apex", "Horizon", "Crescent", "Siemens", "Bosch", "Schneider", "Philips", "Honeywell",
    ];

    private static readonly string[] EnglishIndustries =
    [
        "Logistics", "Semiconductors", "Energy", "Healthcare", "Software", "Manufacturing", "Telecom", "Robotics", "Materials", "Automation",
    ];

    private static readonly string[] EnglishForms = ["(China) Co., Ltd.", "Ltd.", "Holdings", "Inc.", "China"];

    private readonly Random random = new(seed + (stream * 7_919));
    private readonly Lock gate = new();
    /// <summary>Deepest level of the group hierarchy (issue 18).</summary>
    public const int Levels = 5;

    private static readonly string[] LevelNames = ["集团有限公司", "分公司", "支公司", "营业部", "服务网点"];

    /// <summary>Accounts that can take a subsidiary: groups and their subsidiaries above the deepest level.</summary>
    private readonly List<(Guid Id, string Brand, int Level)> parents = [];
    private readonly DateTime now = DateTime.UtcNow;

    /// <summary>The sales users accounts are spread over (fixed ids for a given seed).</summary>
    public Guid[] Users { get; } = CreateUsers(seed, users);

    public SampleAccount Next()
    {
        lock (gate)
        {
            return NextUnlocked();
        }
    }

    private SampleAccount NextUnlocked()
    {
        var (city, region) = Cities[random.Next(Cities.Length)];
        var owner = Users[random.Next(Users.Length)];
        var id = Guid.CreateVersion7();
        Guid? parent = null;
        string name;
        var level = 1;
        var kind = random.Next(100);
        if (kind < 10 && parents.Count > 0)
        {
            // A subsidiary of a group or subsidiary seeded earlier in the same load (集团/分公司/支公司/营业部/网点).
            var above = parents[random.Next(parents.Count)];
            parent = above.Id;
            level = above.Level + 1;
            name = $"{above.Brand}{city}{(level > 2 ? random.Next(1, 100).ToString(System.Globalization.CultureInfo.InvariantCulture) + "号" : "")}{LevelNames[level - 1]}";
            if (level < Levels && parents.Count < 50_000)
            {
                parents.Add((id, above.Brand, level));
            }
        }
        else if (kind < 13)
        {
            var brand = random.Next(2) == 0 ? StateGroups[random.Next(StateGroups.Length)] : Brands[random.Next(Brands.Length)] + Industries[random.Next(Industries.Length)];
            name = $"{brand}{LevelNames[0]}";
            if (parents.Count < 50_000)
            {
                parents.Add((id, brand, 1));
            }
        }
        else if (kind < 75)
        {
            name = $"{city}{Brands[random.Next(Brands.Length)]}{Industries[random.Next(Industries.Length)]}{LegalForms[random.Next(LegalForms.Length)]}";
        }
        else
        {
            name = $"{EnglishFirst[random.Next(EnglishFirst.Length)]} {EnglishIndustries[random.Next(EnglishIndustries.Length)]} {EnglishForms[random.Next(EnglishForms.Length)]}";
        }

        var team = new List<Guid>(4) { owner };
        for (var extra = random.Next(4); extra > 0; extra--)
        {
            var member = Users[random.Next(Users.Length)];
            if (!team.Contains(member))
            {
                team.Add(member);
            }
        }

        var created = now.AddMinutes(-random.Next(3 * 365 * 24 * 60));
        var updated = created.AddMinutes(random.Next((int)(now - created).TotalMinutes + 1));
        return new SampleAccount(id, name, region, owner, parent, [.. team], created, updated) { Level = level };
    }

    /// <summary>A name and region for an account registered through the API (events scenario).</summary>
    public (string Name, string Region, Guid OwnerId) NextRequest()
    {
        lock (gate)
        {
            var (city, region) = Cities[random.Next(Cities.Length)];
            var name = $"{city}{Brands[random.Next(Brands.Length)]}{Industries[random.Next(Industries.Length)]}{LegalForms[random.Next(LegalForms.Length)]}";
            return (name, region, Users[random.Next(Users.Length)]);
        }
    }

    private static Guid[] CreateUsers(int seed, int count)
    {
        var random = new Random(seed ^ 0x5A5A);
        var bytes = new byte[16];
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            random.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid byte order: the version sits in byte 7)
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
            return new Guid(bytes);
        })];
    }
}
