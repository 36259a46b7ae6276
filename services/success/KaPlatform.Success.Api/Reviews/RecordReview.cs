using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.Success.Api.Health;
using KaPlatform.Success.Api.Shared;
using KaPlatform.Success.IntegrationEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Success.Api.Reviews;

public sealed record NeedRequest(string? Description, decimal? EstimatedValue, string? Currency);

public sealed record RecordReviewRequest(DateOnly? Date, int? Satisfaction, string? Outcomes, IReadOnlyList<NeedRequest>? NewNeeds, [property: OneOf(typeof(RecordReview), nameof(RecordReview.ServiceLevels))] string? ServiceLevel);

/// <summary>
/// POST /api/success/accounts/{id}/reviews (docs/product.md §4.5). Each new need with a value becomes an
/// ExpansionIdentified (opportunities-api opens the expansion opportunity); the rating feeds health at once.
/// </summary>
public static class RecordReview
{
    internal static readonly string[] ServiceLevels = ["reactive", "relationship", "success"];

    public static async Task<Created<ReviewResponse>> HandleAsync(
        Guid id, RecordReviewRequest request, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<SuccessOptions> options, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var errors = Validate(request);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await SuccessAccess.RequireVisibleAsync(work.Connection, caller, id, work.Transaction);
        caller.Require(SuccessAccess.Writers);
        errors.ThrowIfAny();

        var reviewId = Guid.CreateVersion7();
        await work.Connection.ExecuteAsync(
            """
            INSERT INTO reviews (id, account_id, date, satisfaction, outcomes, service_level, created_by)
            VALUES (@reviewId, @id, @Date, @Satisfaction, @Outcomes, @ServiceLevel, @UserId)
            """, new { reviewId, id, request.Date, request.Satisfaction, request.Outcomes, request.ServiceLevel, caller.UserId }, work.Transaction);

        var ownerId = await work.Connection.ExecuteScalarAsync<Guid?>("SELECT owner_id FROM account_directory WHERE id = @id", new { id }, work.Transaction);
        var needs = new List<ReviewNeed>();
        foreach (var need in request.NewNeeds ?? [])
        {
            var saved = new ReviewNeed(Guid.CreateVersion7(), need.Description!.Trim(), need.EstimatedValue, need.Currency ?? options.Value.BaseCurrency, null);
            await work.Connection.ExecuteAsync(
                """
                INSERT INTO review_needs (id, review_id, account_id, description, estimated_value, currency)
                VALUES (@Id, @reviewId, @accountId, @Description, @EstimatedValue, @Currency)
                """, new { saved.Id, reviewId, accountId = id, saved.Description, saved.EstimatedValue, saved.Currency }, work.Transaction);
            if (saved.EstimatedValue > 0)
            {
                await work.PublishAsync(new ExpansionIdentified(Guid.CreateVersion7(), DateTimeOffset.UtcNow, id, reviewId, saved.Id,
                    saved.Description, saved.EstimatedValue.Value, saved.Currency, ownerId), cancellationToken);
            }

            needs.Add(saved);
        }

        var review = new ReviewResponse(reviewId, id, request.Date!.Value, request.Satisfaction!.Value, request.Outcomes, request.ServiceLevel!, needs, caller.UserId);
        await work.AuditAsync(caller, "review", reviewId, "recorded", review, cancellationToken);
        await HealthRecalculation.RecomputeAsync(work, id, BusinessCalendar.Current.Today, options.Value, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/success/accounts/{id}/reviews/{reviewId}", review);
    }

    private static FieldErrors Validate(RecordReviewRequest request)
    {
        var errors = new FieldErrors();
        if (request.Date is null)
        {
            errors.Add("date", "required (YYYY-MM-DD)");
        }

        if (request.Satisfaction is not (>= 1 and <= 5))
        {
            errors.Add("satisfaction", "an integer from 1 to 5");
        }

        if (request.ServiceLevel is null || !ServiceLevels.Contains(request.ServiceLevel))
        {
            errors.Add("serviceLevel", $"one of {string.Join(", ", ServiceLevels)}");
        }

        if (request.Outcomes is { Length: > 4000 })
        {
            errors.Add("outcomes", "at most 4000 characters");
        }

        var needs = request.NewNeeds ?? [];
        for (var i = 0; i < needs.Count; i++)
        {
            if (needs[i] is null || string.IsNullOrWhiteSpace(needs[i].Description) || needs[i].Description!.Length > 1000)
            {
                errors.Add($"newNeeds[{i}].description", "1 to 1000 characters");
            }
            else if (needs[i].EstimatedValue < 0)
            {
                errors.Add($"newNeeds[{i}].estimatedValue", "must not be negative");
            }
            else if (needs[i].Currency is { } c && !Money.IsCurrencyCode(c))
            {
                errors.Add($"newNeeds[{i}].currency", "a 3-letter ISO code");
            }
        }

        return errors;
    }
}
