using KaPlatform.Contracts.Api.Collections;
using KaPlatform.Contracts.Api.Evidence;
using KaPlatform.Contracts.Api.Invoices;
using KaPlatform.Contracts.Api.PaymentPlans;

namespace KaPlatform.Contracts.Api.Contracts;

public static class ContractsApi
{
    public static RouteGroupBuilder MapContractsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contracts").WithTags("Contracts");
        group.MapGet("/", ListContracts.HandleAsync);
        group.MapGet("/{id:guid}", GetContract.HandleAsync);
        group.MapPatch("/{id:guid}", UpdateContract.HandleAsync);
        group.MapPost("/{id:guid}/sign", SignContract.HandleAsync);
        group.MapPost("/{id:guid}/deliveries", RecordDelivery.HandleAsync);
        group.MapPost("/{id:guid}/acceptance", RecordAcceptance.HandleAsync);
        group.MapPut("/{id:guid}/payment-plan", SetPaymentPlan.HandleAsync);
        group.MapPost("/{id:guid}/evidence", RecordEvidence.HandleAsync);
        group.MapGet("/{id:guid}/evidence", ListEvidence.HandleAsync);
        group.MapPost("/{id:guid}/milestones/{mid:guid}/invoices", RequestInvoice.HandleAsync);
        group.MapPost("/{id:guid}/milestones/{mid:guid}/follow-ups", RecordFollowUp.HandleAsync);
        group.MapGet("/{id:guid}/milestones/{mid:guid}/follow-ups", ListFollowUps.HandleAsync);
        return group;
    }
}
