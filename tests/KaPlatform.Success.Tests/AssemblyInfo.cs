global using KaPlatform.Testing;

[assembly: AssemblyFixture(typeof(Infrastructure))]
