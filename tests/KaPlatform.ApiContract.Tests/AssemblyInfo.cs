using KaPlatform.ApiContract.Tests;

[assembly: AssemblyFixture(typeof(ApiContractFixture))]
