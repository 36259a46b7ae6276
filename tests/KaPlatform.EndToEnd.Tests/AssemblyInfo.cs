using KaPlatform.EndToEnd.Tests;

[assembly: AssemblyFixture(typeof(PlatformFixture))]
