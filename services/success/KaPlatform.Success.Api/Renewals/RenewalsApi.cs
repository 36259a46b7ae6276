using KaPlatform.Success.Api.Shared;

namespace KaPlatform.Success.Api.Renewals;

public static class RenewalsApi
{
    public static IEndpointRouteBuilder MapRenewalsApi(this IEndpointRouteBuilder app)
    {
        var renewals = app.MapGroup("/api/success/renewals").WithTags("Renewals");
        renewals.MapGet("/", RenewalsList.HandleAsync).WithSummary("Contract terms coming up for renewal and how each renewal stands");
        renewals.MapPost("/due-scan", PublishRenewalsDue.HandleAsync).WithSummary("Publish RenewalDue for terms entering their lead window (admin)");
        return app;
    }
}
