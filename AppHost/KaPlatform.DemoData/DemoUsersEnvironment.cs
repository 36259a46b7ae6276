namespace KaPlatform.DemoData;

/// <summary>
/// The gateway's Workspace:DemoUsers section as environment variables, so the workspace's sign-in picker offers
/// exactly the people the demo data belongs to (used by the AppHost and by the browser tests).
/// </summary>
public static class DemoUsersEnvironment
{
    public static IReadOnlyDictionary<string, string> For(IEnumerable<DemoUser> users)
    {
        var env = new Dictionary<string, string>();
        foreach (var (user, i) in users.Select((u, i) => (u, i)))
        {
            var prefix = $"Workspace__DemoUsers__{i}__";
            env[prefix + "UserId"] = user.Id.ToString();
            env[prefix + "Name"] = user.Name;
            env[prefix + "Role"] = user.Role;
            if (user.Region is not null)
            {
                env[prefix + "Region"] = user.Region;
            }
        }

        return env;
    }
}
