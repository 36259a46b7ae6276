using KaPlatform.AccountDirectory;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Bids;
using KaPlatform.Opportunities.Api.DealExecution;
using KaPlatform.Opportunities.Api.Leads;
using KaPlatform.Opportunities.Api.Opportunities;
using KaPlatform.Opportunities.Api.Portfolio;
using KaPlatform.Opportunities.Api.Products;
using KaPlatform.Opportunities.Api.Projections;
using KaPlatform.Opportunities.Api.Reminders;
using KaPlatform.Opportunities.Api.Targets;
using KaPlatform.ServiceDefaults.Audit;
using KaPlatform.ServiceDefaults.Data;

namespace KaPlatform.Opportunities.Api;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddKaDatabase("opportunitiesdb", typeof(Program).Assembly);
        builder.Services.AddAccountDirectory();
        builder.Services.AddSingleton<IAwaitsAccount, AwaitingAccount>();
        builder.Services.AddOptions<ReminderOptions>().BindConfiguration("Reminders");
        builder.Services.AddHostedService<ReminderScan>();
        builder.AddKaMessaging("opportunities", bus =>
        {
            bus.AddAccountDirectoryConsumers();
            bus.AddConsumer<OnStakeholderAdded>();
            bus.AddConsumer<OnStakeholderUpdated>();
            bus.AddConsumer<OnStakeholderDeparted>();
            bus.AddConsumer<OnInteractionLogged>();
            bus.AddConsumer<OnAccountRegionChanged>();
            bus.AddConsumer<OnRenewalDue>();
            bus.AddConsumer<OnExpansionIdentified>();
            bus.AddConsumer<OnAccountClassified>();
        });
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapAccountDirectory("/api/opportunities/accounts");
        app.MapLeadsApi();
        app.MapOpportunitiesApi();
        app.MapDealExecutionApi();
        app.MapBidsApi();
        app.MapTargetsApi();
        app.MapProductsApi();
        app.MapPortfolioApi();
        app.MapRemindersApi();
        app.MapAuditTrail("/api/opportunities/audit");
    }
}
