using KaPlatform.ServiceDefaults.OpenApi;
namespace KaPlatform.Opportunities.Api.Bids;

public static class BidsApi
{
    public static void MapBidsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/opportunities/{id:guid}/bids", PrepareBid.HandleAsync).WithTags("Bids");
        var group = app.MapGroup("/api/bids").WithTags("Bids");
        group.MapGet("/", ListBids.HandleAsync);
        group.MapGet("/{bidId:guid}", GetBid.HandleAsync);
        group.MapPatch("/{bidId:guid}", UpdateBid.HandleAsync);
        group.MapPost("/{bidId:guid}/decision", DecideBid.HandleAsync).Refuses("bid_not_preparing");
        group.MapPost("/{bidId:guid}/submit", SubmitBid.HandleAsync).Refuses("bid_not_preparing", "documents_incomplete");
        group.MapPost("/{bidId:guid}/outcome", RecordBidOutcome.HandleAsync).Refuses("bid_not_submitted");
    }
}
