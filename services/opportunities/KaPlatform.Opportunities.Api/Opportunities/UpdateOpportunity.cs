using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Lines;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Opportunities;

/// <param name="Probability">An override of the stage's default; needs <paramref name="ProbabilityReason"/>.</param>
/// <param name="ProbabilityFollowsStage">true drops the override and returns to the stage default.</param>
public sealed record UpdateOpportunityRequest(
    string? Name, decimal? Amount, string? Currency, DateOnly? ExpectedCloseDate, Guid? OwnerId,
    List<TeamMemberInput?>? Team, List<CompetitorInput?>? Competitors, List<InfoPointInput?>? InfoPoints,
    int? Probability, string? ProbabilityReason, bool? ProbabilityFollowsStage,
    List<LineInput?>? Lines = null);

/// <summary>PATCH /api/opportunities/{id}: only the fields given change; lists (team, competitors) are replaced whole, info points merged by key.</summary>
public static class UpdateOpportunity
{
    private const string Update = $"""
        UPDATE opportunities o SET
            name = coalesce(@Name, name), amount = coalesce(@Amount, amount), currency = coalesce(@Currency, currency),
            expected_close_date = coalesce(@ExpectedCloseDate, expected_close_date), owner_id = coalesce(@OwnerId, owner_id),
            team = coalesce(@Team::jsonb, team), competitors = coalesce(@Competitors::jsonb, competitors),
            info_points = info_points || coalesce(@InfoPoints::jsonb, jsonb_build_object()),
            probability = @Probability, probability_reason = @ProbabilityReason,
            updated_at = clock_timestamp(), version = version + 1
        WHERE id = @Id
        RETURNING {OpportunityRow.Columns}
        """;

    public static async Task<Ok<OpportunityResponse>> HandleAsync(
        Guid id, UpdateOpportunityRequest request, ClaimsPrincipal user, HttpRequest http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new FieldErrors()
            .Length("name", request.Name, required: false)
            .Money("amount", request.Amount, required: false)
            .Currency("currency", request.Currency)
            .Id("ownerId", request.OwnerId, required: false)
            .Team(request.Team).Competitors(request.Competitors).InfoPoints(request.InfoPoints).Lines(request.Lines)
            .Check(request.Probability is null or (>= 0 and <= 100), "probability", "0 to 100.")
            .Check(request.Probability is null || !string.IsNullOrWhiteSpace(request.ProbabilityReason), "probabilityReason",
                "An override of the stage's probability needs a reason.")
            .Length("probabilityReason", request.ProbabilityReason, 1000, required: false)
            .Check(request.Probability is null || request.ProbabilityFollowsStage != true, "probabilityFollowsStage",
                "Either override the probability or let it follow the stage, not both.")
            .ThrowIfAny();

        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var row = await OpportunityStore.FindOpenForWriteAsync(work, caller, id);
        Concurrency.Check(http, row.Version);

        var (probability, reason) = request switch
        {
            { Probability: { } p } => (p, request.ProbabilityReason!.Trim()),
            { ProbabilityFollowsStage: true } => (Stages.DefaultProbability(row.Stage), null),
            _ => (row.Probability, row.ProbabilityReason),
        };
        // Lines (when sent) replace the old ones and set the amount; products already on the deal may stay though retired.
        var priced = request.Lines is { Count: > 0 }
            ? await OpportunityLines.PriceAsync(work, request.Lines, await OpportunityLines.ProductIdsAsync(work, id), request.Currency ?? row.Currency, cancellationToken)
            : null;
        if (request.Lines is not null)
        {
            await OpportunityLines.SaveAsync(work, id, priced, cancellationToken);
        }

        var updated = await work.Connection.QuerySingleAsync<OpportunityRow>(Update, new
        {
            Id = id,
            Name = request.Name?.Trim(),
            Amount = priced is null ? request.Amount : OpportunityLines.AmountOf(priced, request.Amount),
            request.Currency,
            request.ExpectedCloseDate,
            request.OwnerId,
            Team = OpportunityInputs.TeamJson(request.Team),
            Competitors = OpportunityInputs.CompetitorsJson(request.Competitors),
            InfoPoints = OpportunityInputs.InfoPointsJson(request.InfoPoints),
            Probability = probability,
            ProbabilityReason = reason,
        }, work.Transaction);

        if (probability != row.Probability || reason != row.ProbabilityReason)
        {
            await work.Connection.ExecuteAsync(
                """
                INSERT INTO probability_overrides (id, opportunity_id, stage, probability, reason, actor_id)
                VALUES (@Id, @OpportunityId, @Stage, @Probability, @Reason, @ActorId)
                """,
                new
                {
                    Id = Guid.CreateVersion7(),
                    OpportunityId = id,
                    row.Stage,
                    Probability = reason is null ? (int?)null : probability,
                    Reason = reason ?? "follows stage",
                    ActorId = caller.UserId,
                }, work.Transaction);
        }

        await FieldHistory.RecordAsync(work, caller, row, updated, cancellationToken);
        await work.AuditAsync(caller, "opportunity", id, "updated", request, cancellationToken);
        var response = await OpportunityStore.RespondAsync(work.Connection, work.Transaction, updated);
        await work.CommitAsync(cancellationToken);
        http.HttpContext.Response.Headers.ETag = Concurrency.ETag(updated.Version);
        return TypedResults.Ok(response);
    }
}
