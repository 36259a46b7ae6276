using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.Contracts.Api.Collections;
using KaPlatform.Contracts.Api.Evidence;
using KaPlatform.Contracts.Api.Invoices;
using KaPlatform.Contracts.Api.PaymentPlans;
using KaPlatform.Contracts.Api.Payments;
using KaPlatform.Contracts.Api.Stakeholders;
using KaPlatform.ServiceDefaults.Http;

namespace KaPlatform.Contracts.Api.Contracts;

public static class ContractsApi
{
    public static RouteGroupBuilder MapContractsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contracts").WithTags("Contracts");
        group.MapGet("/", ListContracts.HandleAsync)
            .WithSummary("Contracts the caller may see, filtered by account, status or period");
        group.MapGet("/search", Search.SearchContracts.HandleAsync).WithTags("Search")
            .WithSummary("Find contracts by number or name (global search)");
        group.MapGet("/{id:guid}", GetContract.HandleAsync)
            .WithSummary("A contract with its payment plan, milestones and evidence state");
        group.MapPatch("/{id:guid}", UpdateContract.HandleAsync).ChecksIfMatch().Refuses("contract_not_draft", StakeholderDirectory.UnknownStakeholder)
            .WithSummary("Change a draft contract (terms, amount, payment approvers)");
        group.MapPost("/{id:guid}/sign", SignContract.HandleAsync).ChecksIfMatch().Refuses("contract_not_draft")
            .WithSummary("Sign a draft contract: its milestones get their due dates");
        group.MapPost("/{id:guid}/deliveries", RecordDelivery.HandleAsync).Refuses("contract_not_signed")
            .WithSummary("Record a delivery on a signed contract");
        group.MapPost("/{id:guid}/acceptance", RecordAcceptance.HandleAsync).Refuses("contract_not_signed", "already_accepted")
            .WithSummary("Record the customer's acceptance of a signed contract");
        group.MapPut("/{id:guid}/payment-plan", SetPaymentPlan.HandleAsync).ChecksIfMatch().Refuses("contract_not_draft", "plan_not_100")
            .WithSummary("Replace a draft contract's payment plan (percentages summing to 100)");
        group.MapPost("/{id:guid}/evidence", RecordEvidence.HandleAsync)
            .WithSummary("Add a document to the contract's evidence chain");
        group.MapGet("/{id:guid}/evidence", ListEvidence.HandleAsync)
            .WithSummary("The contract's evidence chain");
        group.MapGet("/{id:guid}/payments", ListContractPayments.HandleAsync)
            .WithSummary("Payments received on a contract and how they were applied");
        group.MapPost("/{id:guid}/milestones/{mid:guid}/invoices", RequestInvoice.HandleAsync).Refuses("contract_not_signed", "already_invoiced", "milestone_paid")
            .WithSummary("Ask finance to invoice a milestone (InvoiceRequested to the ERP)");
        group.MapPost("/{id:guid}/milestones/{mid:guid}/follow-ups", RecordFollowUp.HandleAsync).Refuses(StakeholderDirectory.UnknownStakeholder)
            .WithSummary("Record a collection follow-up on a milestone (who was called, what was promised)");
        group.MapGet("/{id:guid}/milestones/{mid:guid}/follow-ups", ListFollowUps.HandleAsync)
            .WithSummary("A milestone's collection follow-ups, newest first");
        return group;
    }
}
