using KaPlatform.ServiceDefaults.OpenApi;
namespace KaPlatform.Contracts.Api.Payments;

public static class PaymentsApi
{
    public static RouteGroupBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/payments").WithTags("Payments");
        group.MapPost("/", RecordPayment.HandleAsync).Refuses("contract_not_signed", "currency_mismatch")
            .WithSummary("Record a payment received and apply it to the contract's milestones");
        group.MapGet("/{id:guid}", GetPayment.HandleAsync)
            .WithSummary("A payment and its applications");
        return group;
    }
}
