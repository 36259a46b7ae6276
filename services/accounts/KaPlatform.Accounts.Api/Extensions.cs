using KaPlatform.Accounts.Api.Accounts;
using KaPlatform.Accounts.Api.Classification;
using KaPlatform.Accounts.Api.Engagement;
using KaPlatform.Accounts.Api.InfluenceLinks;
using KaPlatform.Accounts.Api.Interactions;
using KaPlatform.Accounts.Api.Plans;
using KaPlatform.Accounts.Api.Stakeholders;
using KaPlatform.Accounts.Api.Users;
using KaPlatform.ServiceDefaults.Audit;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Data;
using KaPlatform.ServiceDefaults.Http;

namespace KaPlatform.Accounts.Api;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddKaDatabase("accountsdb", typeof(Program).Assembly);
        // This service owns the accounts themselves: an idempotent replay checks visibility on them (docs/product.md §0, §6).
        builder.Services.AddSingleton(new IdempotencyAccountTable("accounts"));
        builder.Services.AddHostedService<PlanReviewReminders>();
        // Plan progress actuals (docs/product.md §1.6) come from the opportunities and contracts services' events.
        builder.AddKaMessaging("accounts", bus =>
        {
            bus.AddConsumer<OnOpportunityOpened>();
            bus.AddConsumer<OnOpportunityWon>();
            bus.AddConsumer<OnContractSigned>();
            bus.AddConsumer<OnPaymentReceived>();
        });
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapAccountsApi();
        app.MapClassificationApi();
        app.MapStakeholdersApi();
        app.MapInfluenceLinksApi();
        app.MapEngagementApi();
        app.MapInteractionsApi();
        app.MapPlansApi();
        app.MapUsersApi();
        app.MapAuditTrail("/api/accounts/audit");
    }
}
