using KaPlatform.AppHost;
using KaPlatform.LocalInfra;

var builder = DistributedApplication.CreateBuilder(args);
var settings = PlatformSettings.Read(builder.Configuration, builder.AppHostDirectory);
builder.PrepareDataDirectory(settings);

// Ports fixed for this run are never handed to another process of it (FreePort also skips the dashboard's own).
FreePort.Reserve(settings.GatewayPort, settings.IdentityPort);

// Where PostgreSQL and RabbitMQ come from is decided here, before the model exists: external connection strings,
// containers (--containers, only if an engine answers), or this machine's binaries. A container resource would wait
// forever for a runtime that is not there.
var infrastructure = builder.AddInfrastructure(settings);
var signingKey = builder.AddSigningKey(settings);
var identity = builder.AddDevIdentity(settings);

var accounts = builder.AddKaService<Projects.KaPlatform_Accounts_Api>("accounts-api", "accountsdb", infrastructure, signingKey, settings).WithIdentity(identity);
var opportunities = builder.AddKaService<Projects.KaPlatform_Opportunities_Api>("opportunities-api", "opportunitiesdb", infrastructure, signingKey, settings).WithIdentity(identity);
var contracts = builder.AddKaService<Projects.KaPlatform_Contracts_Api>("contracts-api", "contractsdb", infrastructure, signingKey, settings).WithIdentity(identity);
var success = builder.AddKaService<Projects.KaPlatform_Success_Api>("success-api", "successdb", infrastructure, signingKey, settings).WithIdentity(identity);

// The gateway starts last: its /health is the platform's verdict and covers every service behind it.
var gateway = builder.AddProject<Projects.KaPlatform_Gateway>("gateway")
    .WithGatewayPort(settings.GatewayPort)
    .WithReference(accounts).WaitFor(accounts)
    .WithReference(opportunities).WaitFor(opportunities)
    .WithReference(contracts).WaitFor(contracts)
    .WithReference(success).WaitFor(success)
    .WithEventBus(infrastructure)
    .WithPlatformSettings(signingKey, settings, devTokens: settings.DevTokens)
    .WithIdentity(identity)
    .WithNamedHealthCheck()
    .WithExternalHttpEndpoints();

identity.RedirectTo(gateway);
builder.AddDemoSeed(gateway, identity, settings);
builder.WriteEndpointsFileWhenReady(gateway, [accounts, opportunities, contracts, success], infrastructure, settings);

builder.Build().Run();
