using KaPlatform.AccountDirectory;
using KaPlatform.Contracts.Api.Collections;
using KaPlatform.Contracts.Api.Contracts;
using KaPlatform.Contracts.Api.Erp;
using KaPlatform.Contracts.Api.Payments;
using KaPlatform.Contracts.Api.Stakeholders;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Audit;
using KaPlatform.ServiceDefaults.Data;

namespace KaPlatform.Contracts.Api;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddKaDatabase("contractsdb", typeof(Program).Assembly);
        builder.Services.AddAccountDirectory();
        builder.AddKaMessaging("contracts", bus =>
        {
            bus.AddAccountDirectoryConsumers();
            bus.AddConsumer<OnOpportunityWon>();
            bus.AddConsumer<OnStakeholderAdded>();
            bus.AddConsumer<OnStakeholderDeparted>();
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<CollectionsOptions>().BindConfiguration("Collections");
        builder.Services.AddHostedService<OverdueScheduler>();
        builder.Services.AddHostedService<ErpPaymentListener>();
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapAccountDirectory("/api/contracts/accounts");
        app.MapContractsApi();
        app.MapPaymentsApi();
        app.MapCollectionsApi();
        app.MapAuditTrail("/api/contracts/audit");
    }
}
