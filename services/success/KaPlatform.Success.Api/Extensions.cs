using System.Data;
using Dapper;
using KaPlatform.AccountDirectory;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Audit;
using KaPlatform.ServiceDefaults.Data;
using KaPlatform.Success.Api.Alerts;
using KaPlatform.Success.Api.Health;
using KaPlatform.Success.Api.Notifications;
using KaPlatform.Success.Api.Projections;
using KaPlatform.Success.Api.Renewals;
using KaPlatform.Success.Api.Revenue;
using KaPlatform.Success.Api.Reviews;
using KaPlatform.Success.Api.Shared;

namespace KaPlatform.Success.Api;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddKaDatabase("successdb", typeof(Program).Assembly);
        builder.Services.AddAccountDirectory();
        builder.Services.AddOptions<SuccessOptions>().BindConfiguration(SuccessOptions.Section);
        builder.Services.AddHostedService<RevenueRollupRates>();
        builder.Services.AddHostedService<RevenueRollupCompaction>();
        builder.Services.AddHostedService<DailyScan>();
        builder.Services.AddHostedService<Notifications.DailyDigest>();
        builder.Services.AddHostedService<Notifications.AwaitingNoticesSweep>();
        builder.AddKaMessaging("success", bus =>
        {
            bus.AddAccountDirectoryConsumers();
            bus.AddConsumer<Projections.OnAccountRegistered>();
            bus.AddConsumer<OnAccountClassified>();
            bus.AddConsumer<OnInteractionLogged>();
            bus.AddConsumer<OnStakeholderAdded>();
            bus.AddConsumer<OnStakeholderUpdated>();
            bus.AddConsumer<OnStakeholderDeparted>();
            bus.AddConsumer<OnOpportunityOpened>();
            bus.AddConsumer<OnOpportunityStageChanged>();
            bus.AddConsumer<OnOpportunityWon>();
            bus.AddConsumer<OnOpportunityLost>();
            bus.AddConsumer<OnLeadReferred>();
            bus.AddConsumer<OnLeadQualified>();
            bus.AddConsumer<OnContractDrafted>();
            bus.AddConsumer<OnContractSigned>();
            bus.AddConsumer<OnContractCompleted>();
            bus.AddConsumer<OnInvoiceRequested>();
            bus.AddConsumer<OnMilestoneOverdue>();
            bus.AddConsumer<OnPaymentReceived>();
            bus.AddConsumer<Notifications.OnBidDeadlineApproaching>();
            bus.AddConsumer<Notifications.OnOpportunityStuck>();
            bus.AddConsumer<Notifications.OnAccountPlanReviewDue>();
            bus.AddConsumer<Notifications.OnTargetChanged>();
        });
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapAccountDirectory("/api/success/accounts");
        app.MapAuditTrail("/api/success/audit");
        app.MapHealthApi();
        app.MapReviewsApi();
        app.MapAlertsApi();
        app.MapNotificationsApi();
        app.MapRenewalsApi();
        app.MapRevenueApi();
    }
}
