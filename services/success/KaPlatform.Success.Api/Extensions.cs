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

namespace KaPlatform.Success.Api;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddKaDatabase("successdb", typeof(Program).Assembly);
        builder.Services.AddAccountDirectory();
        builder.Services.AddOptions<SuccessOptions>().BindConfiguration(SuccessOptions.Section);
        builder.Services.AddHostedService<DailyScan>();
        builder.Services.AddHostedService<Notifications.DailyDigest>();
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

        var accounts = app.MapGroup("/api/success/accounts/{id:guid}").WithTags("Success");
        accounts.MapGet("/health", AccountHealth.GetAsync);
        accounts.MapGet("/health/history", AccountHealth.HistoryAsync);
        accounts.MapPost("/reviews", SuccessReviews.RecordAsync);
        accounts.MapGet("/reviews", SuccessReviews.ListAsync);
        app.MapGet("/api/success/health", HealthOverview.HandleAsync).WithTags("Success");

        var alerts = app.MapGroup("/api/success/alerts").WithTags("Risk alerts");
        alerts.MapGet("/", AlertsApi.ListAsync);
        alerts.MapPost("/{id:guid}/acknowledge", AlertsApi.AcknowledgeAsync);
        alerts.MapPost("/{id:guid}/resolve", AlertsApi.ResolveAsync);

        var notifications = app.MapGroup("/api/success/notifications").WithTags("Notifications");
        notifications.MapGet("/", NotificationsApi.ListAsync);
        notifications.MapGet("/unread-count", NotificationsApi.UnreadCountAsync);
        notifications.MapPost("/{id:guid}/read", NotificationsApi.MarkReadAsync);
        notifications.MapPost("/read-all", NotificationsApi.MarkAllReadAsync);
        notifications.MapGet("/settings", DigestSettings.GetAsync);
        notifications.MapPut("/settings", DigestSettings.PutAsync);

        var renewals = app.MapGroup("/api/success/renewals").WithTags("Renewals");
        renewals.MapGet("/", RenewalsList.HandleAsync);
        renewals.MapPost("/due-scan", DailyScan.RenewalsDueAsync);

        app.MapGet("/api/success/revenue", RevenueMetrics.HandleAsync).WithTags("Revenue");
        app.MapPost("/api/success/scan", DailyScan.HandleAsync).WithTags("Success");
    }
}
