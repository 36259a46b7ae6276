using System.Security.Claims;
using System.Text.Json;
using Dapper;
using KaPlatform.Accounts.Api.Accounts;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.Api.Stakeholders;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Classification;

public sealed record AssessAccountRequest(
    int? FiscalYear, decimal? Contribution, decimal? Potential, decimal? MarginPct, decimal? PurchaseGrowthPct,
    int? AvgPaymentDelayDays, string? CreditRating, int? StrategicFit, int? Openness);

/// <summary>
/// POST /api/accounts/{id}/assessments: classifies the account (docs/product.md §1.2) and keeps the result in its history.
/// The newest fiscal year is the account's current class; a changed class emits AccountClassified.
/// </summary>
public static class AssessAccount
{
    private const decimal MaxMoney = 1_000_000_000_000m;

    public static async Task<Created<AccountClassification>> HandleAsync(
        Guid id, AssessAccountRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var inputs = Validate(request);

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var account = await AccountAccess.LockForWriteAsync(work, caller, id, cancellationToken);
        var (settings, _) = await ClassificationSettings.LoadAsync(work.Connection, work.Transaction, cancellationToken);
        var stakeholders = await StakeholderStore.ActiveAsync(work.Connection, work.Transaction, id, settings.ClosenessWeights, cancellationToken);
        var closeness = Stakeholder.AccountCloseness(stakeholders);
        var outcome = Classifier.Classify(inputs, account.LifecycleStage, closeness, settings);
        var result = new AccountClassification(Guid.CreateVersion7(), id, inputs.FiscalYear, inputs.Contribution, inputs.Potential,
            inputs.MarginPct, inputs.PurchaseGrowthPct, inputs.AvgPaymentDelayDays, inputs.CreditRating, inputs.StrategicFit, inputs.Openness,
            outcome.Qualification, outcome.Qualification.Qualified, outcome.PotentialLevel, outcome.ContributionLevel, outcome.Class,
            outcome.ResourceStrategy, outcome.ManagementStrategy, outcome.Tactics, outcome.MatrixQuadrant, closeness, account.LifecycleStage,
            caller.UserId, DateTimeOffset.UtcNow);

        await work.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO assessments (id, account_id, fiscal_year, class, result, assessed_by) VALUES (@Id, @AccountId, @FiscalYear, @Class, @Result::jsonb, @AssessedBy)",
            new { result.Id, result.AccountId, result.FiscalYear, result.Class, Result = JsonSerializer.Serialize(result, Json.Options), result.AssessedBy },
            work.Transaction, cancellationToken: cancellationToken));

        // An assessment of an earlier fiscal year goes to the history without replacing the current class.
        var previous = await work.Connection.QuerySingleOrDefaultAsync<(string? Class, bool Current)>(new CommandDefinition(
            """
            UPDATE accounts a SET class = @Class, contribution = @Contribution, potential = @Potential, assessed_fiscal_year = @FiscalYear,
                   updated_at = clock_timestamp()
            FROM (SELECT class FROM accounts WHERE id = @AccountId) old
            WHERE a.id = @AccountId AND (a.assessed_fiscal_year IS NULL OR a.assessed_fiscal_year <= @FiscalYear)
            RETURNING old.class, TRUE
            """, new { result.AccountId, result.Class, result.Contribution, result.Potential, result.FiscalYear }, work.Transaction, cancellationToken: cancellationToken));
        if (previous.Current && previous.Class != result.Class)
        {
            await work.PublishAsync(new AccountClassified(Guid.CreateVersion7(), result.AssessedAt, id, result.FiscalYear, result.Class, previous.Class,
                result.PotentialLevel, result.ContributionLevel, result.ResourceStrategy, result.ManagementStrategy, result.MatrixQuadrant, result.Qualified),
                cancellationToken);
        }

        await work.AuditAsync(caller, "account", id, "assessed", result, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/accounts/{id}/classification", result);
    }

    private static AssessmentInputs Validate(AssessAccountRequest r)
    {
        var errors = new FieldErrors();
        errors.Range("fiscalYear", r.FiscalYear, 2000, 2100, required: true);
        errors.Range("contribution", r.Contribution, 0, MaxMoney, required: true);
        errors.Range("potential", r.Potential, 0, MaxMoney, required: true);
        errors.Range("marginPct", r.MarginPct, -100, 100);
        errors.Range("purchaseGrowthPct", r.PurchaseGrowthPct, -100, 10_000);
        errors.Range("avgPaymentDelayDays", r.AvgPaymentDelayDays, 0, 3650);
        errors.OneOf("creditRating", r.CreditRating, Values.CreditRatings);
        errors.Range("strategicFit", r.StrategicFit, 0, 5);
        errors.Range("openness", r.Openness, 0, 5);
        errors.ThrowIfAny();
        return new AssessmentInputs(r.FiscalYear!.Value, r.Contribution!.Value, r.Potential!.Value, r.MarginPct, r.PurchaseGrowthPct,
            r.AvgPaymentDelayDays, r.CreditRating, r.StrategicFit, r.Openness);
    }
}
