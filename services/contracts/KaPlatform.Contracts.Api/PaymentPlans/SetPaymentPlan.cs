using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using KaPlatform.Contracts.Api.Contracts;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.PaymentPlans;

public sealed record DueRuleRequest([property: OneOf(typeof(PaymentPlan), nameof(PaymentPlan.RuleTypes))] string? Type, JsonElement? Value);
public sealed record MilestoneRequest([property: OneOf(typeof(PaymentPlan), nameof(PaymentPlan.Kinds))] string? Kind, decimal? Percent, DueRuleRequest? DueRule);
public sealed record SetPaymentPlanRequest(IReadOnlyList<MilestoneRequest>? Milestones);

/// <summary>PUT /api/contracts/{id}/payment-plan (only while draft): percents sum to exactly 100, else 422 plan_not_100.</summary>
public static class SetPaymentPlan
{
    private const int MaxMilestones = 24;

    public static async Task<Ok<ContractResponse>> HandleAsync(
        Guid id, SetPaymentPlanRequest request, ClaimsPrincipal user, HttpRequest http, HttpResponse response,
        NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var contract = await ContractAccess.LoadForUpdateAsync(work, caller, id, ContractAccess.PlanWriters);
        Concurrency.Check(http, contract.Version);
        var milestones = Validate(request);
        if (!contract.IsDraft)
        {
            throw new BusinessRuleException("contract_not_draft", $"Contract {contract.Number} is {contract.Status}; its payment plan is fixed.");
        }

        var sum = milestones.Sum(m => m.Percent);
        if (sum != 100m)
        {
            throw new BusinessRuleException("plan_not_100", $"The milestones' percents add up to {sum}, not 100.",
                extensions: new Dictionary<string, object?> { ["sum"] = sum });
        }

        await MilestoneStore.ReplaceAsync(work, id, contract.AccountId, contract.Currency, PaymentPlan.Allocate(contract.Amount, milestones));
        await ContractAccess.TouchAsync(work, id);
        await work.AuditAsync(caller, "contract", id, "payment_plan_set", request, cancellationToken);
        return await GetContract.CommitAndReadAsync(work, caller, id, response, cancellationToken);
    }

    private static List<(string Kind, decimal Percent, DueRule Rule)> Validate(SetPaymentPlanRequest request)
    {
        var bad = new FieldErrors();
        var items = request.Milestones ?? [];
        bad.Check(items.Count is > 0 and <= MaxMilestones, "milestones", $"1 to {MaxMilestones} milestones");
        var result = new List<(string, decimal, DueRule)>();
        for (var i = 0; i < items.Count; i++)
        {
            var m = items[i] ?? new MilestoneRequest(null, null, null);
            var at = $"milestones[{i}]";
            var value = RuleValue(m.DueRule);
            bad.Check(m.Kind is not null && PaymentPlan.Kinds.Contains(m.Kind), $"{at}.kind", $"one of {string.Join(", ", PaymentPlan.Kinds)}")
                .Check(m.Percent is > 0 and <= 100 && Money.IsCents(m.Percent.Value), $"{at}.percent", "more than 0, at most 100, at most 2 decimals")
                .Check(m.DueRule?.Type is not null && PaymentPlan.RuleTypes.Contains(m.DueRule.Type), $"{at}.dueRule.type", $"one of {string.Join(", ", PaymentPlan.RuleTypes)}")
                .Check(value is not null, $"{at}.dueRule.value", m.DueRule?.Type == PaymentPlan.FixedDate ? "a date YYYY-MM-DD" : "a whole number from 0 to 3650");
            result.Add((m.Kind ?? "", m.Percent ?? 0, new DueRule(m.DueRule?.Type ?? "", value ?? "")));
        }

        bad.ThrowIfAny();
        return result;
    }

    /// <summary>The rule's value as stored: a date for fixed_date, a count of days or months otherwise.</summary>
    private static string? RuleValue(DueRuleRequest? rule)
    {
        if (rule?.Value is not { } v || rule.Type is null)
        {
            return null;
        }

        if (rule.Type == PaymentPlan.FixedDate)
        {
            return v.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        }

        var limit = rule.Type == PaymentPlan.MonthsAfterAcceptance ? 120 : 3650;
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 0 && n <= limit ? n.ToString(CultureInfo.InvariantCulture) : null;
    }
}
