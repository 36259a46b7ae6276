using KaPlatform.Testing;

[assembly: AssemblyFixture(typeof(PlatformFixture))]
