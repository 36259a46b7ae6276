using KaPlatform.ServiceDefaults.OpenApi;
namespace KaPlatform.Contracts.Api.Payments;

public static class PaymentsApi
{
    public static RouteGroupBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/payments").WithTags("Payments");
        group.MapPost("/", RecordPayment.HandleAsync).Refuses("contract_not_signed", "currency_mismatch");
        group.MapGet("/{id:guid}", GetPayment.HandleAsync);
        return group;
    }
}
