using KaPlatform.Testing;

[assembly: AssemblyFixture(typeof(InfrastructureFixture))]
