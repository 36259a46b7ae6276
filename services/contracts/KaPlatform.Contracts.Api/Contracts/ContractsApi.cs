using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.Contracts.Api.Collections;
using KaPlatform.Contracts.Api.Evidence;
using KaPlatform.Contracts.Api.Invoices;
using KaPlatform.Contracts.Api.PaymentPlans;
using KaPlatform.Contracts.Api.Payments;
using KaPlatform.Contracts.Api.Stakeholders;

namespace KaPlatform.Contracts.Api.Contracts;

public static class ContractsApi
{
    public static RouteGroupBuilder MapContractsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contracts").WithTags("Contracts");
        group.MapGet("/", ListContracts.HandleAsync);
        group.MapGet("/search", Search.SearchContracts.HandleAsync).WithTags("Search");
        group.MapGet("/{id:guid}", GetContract.HandleAsync);
        group.MapPatch("/{id:guid}", UpdateContract.HandleAsync).Refuses("contract_not_draft", StakeholderDirectory.UnknownStakeholder);
        group.MapPost("/{id:guid}/sign", SignContract.HandleAsync).Refuses("contract_not_draft");
        group.MapPost("/{id:guid}/deliveries", RecordDelivery.HandleAsync).Refuses("contract_not_signed");
        group.MapPost("/{id:guid}/acceptance", RecordAcceptance.HandleAsync).Refuses("contract_not_signed", "already_accepted");
        group.MapPut("/{id:guid}/payment-plan", SetPaymentPlan.HandleAsync).Refuses("contract_not_draft", "plan_not_100");
        group.MapPost("/{id:guid}/evidence", RecordEvidence.HandleAsync);
        group.MapGet("/{id:guid}/evidence", ListEvidence.HandleAsync);
        group.MapGet("/{id:guid}/payments", ListContractPayments.HandleAsync);
        group.MapPost("/{id:guid}/milestones/{mid:guid}/invoices", RequestInvoice.HandleAsync).Refuses("contract_not_signed", "already_invoiced", "milestone_paid");
        group.MapPost("/{id:guid}/milestones/{mid:guid}/follow-ups", RecordFollowUp.HandleAsync).Refuses(StakeholderDirectory.UnknownStakeholder);
        group.MapGet("/{id:guid}/milestones/{mid:guid}/follow-ups", ListFollowUps.HandleAsync);
        return group;
    }
}
