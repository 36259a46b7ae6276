using KaPlatform.ApiContract.Tests;

[assembly: AssemblyFixture(typeof(ContractPlatform))]
