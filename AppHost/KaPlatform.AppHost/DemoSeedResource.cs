namespace KaPlatform.AppHost;

internal static class DemoSeedResource
{
    public const string MarkerName = "seeded-demo";

    /// <summary>
    /// The demo data as a one-shot resource (the database-migrations sample's shape): it waits for the gateway, seeds
    /// through it unless the data directory's marker says it already did, and exits. Nothing waits for it, so a
    /// failed seed leaves a running platform, and the next start tries again.
    /// </summary>
    public static void AddDemoSeed(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> gateway, PlatformSettings settings)
    {
        if (!settings.SeedDemo)
        {
            return;
        }

        if (!settings.DevTokens)
        {
            Console.WriteLine("Demo seed skipped: dev tokens are off (--no-dev-tokens), so there is no way to act as the demo users.");
            return;
        }

        builder.AddProject<Projects.KaPlatform_DemoSeed>("demo-seed")
            .WithReference(gateway).WaitFor(gateway)
            .WithEnvironment("Seed__Marker", Path.Combine(settings.DataDirectory, MarkerName))
            .WithParentRelationship(gateway);
    }
}
