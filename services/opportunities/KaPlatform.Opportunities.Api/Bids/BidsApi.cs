using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Http;
namespace KaPlatform.Opportunities.Api.Bids;

public static class BidsApi
{
    public static void MapBidsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/opportunities/{id:guid}/bids", PrepareBid.HandleAsync).WithTags("Bids")
            .WithSummary("Start preparing a bid for a tender");
        var group = app.MapGroup("/api/bids").WithTags("Bids");
        group.MapGet("/", ListBids.HandleAsync)
            .WithSummary("Bids, soonest deadline first; dueWithinDays keeps what needs doing now");
        group.MapGet("/{bidId:guid}", GetBid.HandleAsync)
            .WithSummary("One bid with its documents, bond and clarifications");
        group.MapPatch("/{bidId:guid}", UpdateBid.HandleAsync).ChecksIfMatch()
            .WithSummary("Change a bid being prepared");
        group.MapPost("/{bidId:guid}/decision", DecideBid.HandleAsync).Refuses("bid_not_preparing")
            .WithSummary("Decide to bid or not (no_bid needs a reason)");
        group.MapPost("/{bidId:guid}/submit", SubmitBid.HandleAsync).Refuses("bid_not_preparing", "documents_incomplete")
            .WithSummary("Submit a bid whose documents are all done");
        group.MapPost("/{bidId:guid}/outcome", RecordBidOutcome.HandleAsync).Refuses("bid_not_submitted")
            .WithSummary("Record a submitted bid's outcome; won or lost moves the opportunity");
    }
}
