namespace KaPlatform.DemoData;

/// <summary>
/// The demo users in the platform's user directory (POST /api/users/me with each one's own token, as the workspace
/// does at sign-in), so every screen names the people behind the demo records — owners, team members, the authors
/// of visits and audit entries — before each of them has signed in once.
/// </summary>
internal static class DemoDirectory
{
    public static async Task RecordAsync(SeedClient client, CancellationToken cancellationToken)
    {
        foreach (var user in DemoUser.All)
        {
            await client.PostAsync(user, "/api/users/me", new { }, cancellationToken);
        }
    }
}
