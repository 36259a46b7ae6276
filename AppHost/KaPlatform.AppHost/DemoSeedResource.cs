namespace KaPlatform.AppHost;

internal static class DemoSeedResource
{
    public const string MarkerName = "seeded-demo";

    /// <summary>
    /// The demo data as a one-shot resource (the database-migrations sample's shape): it waits for the gateway, seeds
    /// through it (as the demo users, with dev tokens or signed in at the bundled provider) unless the data directory's marker says it already did, and exits. Nothing waits for it, so a
    /// failed seed leaves a running platform, and the next start tries again.
    /// </summary>
    public static void AddDemoSeed(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> gateway, DevIdentity? identity, PlatformSettings settings)
    {
        if (!settings.SeedDemo)
        {
            return;
        }

        if (!settings.DevTokens && identity is null)
        {
            Console.WriteLine("Demo seed skipped: tokens come from your own provider (Auth__Authority), so there is no way to act as the demo users.");
            return;
        }

        var seed = builder.AddProject<Projects.KaPlatform_DemoSeed>("demo-seed")
            .WithReference(gateway).WaitFor(gateway)
            .WithEnvironment("Seed__Marker", Path.Combine(settings.DataDirectory, MarkerName))
            .WithParentRelationship(gateway);
        if (identity is not null)
        {
            // Without dev tokens the seed signs in at the bundled provider as each demo user (password grant).
            seed.WithEnvironment("Seed__Authority", identity.Issuer)
                .WithEnvironment("Seed__ScriptPassword", identity.ScriptPassword)
                .WaitFor(identity.Resource);
        }
    }
}
