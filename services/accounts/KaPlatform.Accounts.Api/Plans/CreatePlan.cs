using KaPlatform.ServiceDefaults;
using System.Security.Claims;
using System.Text.Json;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Plans;

public sealed record PlanHeader(int? FiscalYear, string? Currency);

/// <summary>POST /api/accounts/{id}/plans: one plan per account and fiscal year, starting as a draft.</summary>
public static class CreatePlan
{
    public static async Task<Created<AccountPlanView>> HandleAsync(
        Guid id, JsonElement body, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var header = RequestBody.Read<PlanHeader>(body);
        var errors = new FieldErrors();
        errors.Range("fiscalYear", header.FiscalYear, 2000, 2100, required: true);
        errors.Check(header.Currency is null || Money.IsCurrencyCode(header.Currency), "currency", "a 3-letter ISO code such as CNY.");
        var content = RequestBody.Read<PlanContent>(body).Validated(errors);
        errors.ThrowIfAny();

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await AccountAccess.LockForWriteAsync(work, caller, id, cancellationToken, AccountAccess.PlanWriters);
        await content.CheckStakeholdersAsync(work.Connection, work.Transaction, id, cancellationToken);
        var inserted = await work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO account_plans (id, account_id, fiscal_year, currency, content, created_by)
            VALUES (@Id, @AccountId, @FiscalYear, @Currency, @Content::jsonb, @CreatedBy)
            ON CONFLICT (account_id, fiscal_year) DO NOTHING
            """, new
            {
                Id = Guid.CreateVersion7(),
                AccountId = id,
                header.FiscalYear,
                Currency = header.Currency ?? "CNY",
                Content = content.ToJson(),
                CreatedBy = caller.UserId,
            }, work.Transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            throw new BusinessRuleException("plan_exists", $"The account already has a plan for {header.FiscalYear}; PATCH it instead.", StatusCodes.Status409Conflict);
        }

        var plan = await (await PlanRow.LoadAsync(work.Connection, work.Transaction, id, header.FiscalYear!.Value, cancellationToken))
            .ViewAsync(work.Connection, work.Transaction, cancellationToken);
        await work.AuditAsync(caller, "account_plan", plan.Id, "created", plan, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/accounts/{id}/plans/{plan.FiscalYear}", plan);
    }
}
