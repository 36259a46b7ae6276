namespace KaPlatform.Contracts.Api.Payments;

public static class PaymentsApi
{
    public static RouteGroupBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/payments").WithTags("Payments");
        group.MapPost("/", RecordPayment.HandleAsync);
        group.MapGet("/{id:guid}", GetPayment.HandleAsync);
        return group;
    }
}
