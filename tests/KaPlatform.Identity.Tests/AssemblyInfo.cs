using KaPlatform.Identity.Tests;

[assembly: AssemblyFixture(typeof(OidcPlatform))]
