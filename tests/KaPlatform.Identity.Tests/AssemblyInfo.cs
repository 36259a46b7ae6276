using KaPlatform.Identity.Tests;

[assembly: AssemblyFixture(typeof(OidcPlatformFixture))]
