using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Opportunities;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Leads;

public sealed record BudgetAnswer(bool? Confirmed, decimal? Amount, string? Notes);

public sealed record AuthorityAnswer(bool? Confirmed, Guid? StakeholderId, string? Notes);

public sealed record NeedAnswer(bool? Confirmed, string? Description);

public sealed record TimelineAnswer(bool? Confirmed, DateOnly? DecisionDate);

public sealed record QualifyLeadRequest(BudgetAnswer? Budget, AuthorityAnswer? Authority, NeedAnswer? Need, TimelineAnswer? Timeline);

/// <summary>
/// POST /api/leads/{id}/qualify (docs/product.md §2.1). The answers are stored first and committed either way; with all four
/// letters confirmed the lead becomes an opportunity (201), otherwise 422 bant_incomplete lists what is missing, in BANT order.
/// </summary>
public static class QualifyLead
{
    public static async Task<Created<LeadResponse>> HandleAsync(
        Guid id, QualifyLeadRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new FieldErrors()
            .Money("budget.amount", request.Budget?.Amount, required: false)
            .Id("authority.stakeholderId", request.Authority?.StakeholderId, required: false)
            .Length("need.description", request.Need?.Description, 4000, required: false)
            .Length("budget.notes", request.Budget?.Notes, 4000, required: false)
            .Length("authority.notes", request.Authority?.Notes, 4000, required: false)
            .ThrowIfAny();

        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var lead = await LeadStore.FindOpenForWriteAsync(work.Connection, work.Transaction, caller, id);
        var missing = new (string Letter, bool Confirmed)[]
        {
            ("budget", request.Budget?.Confirmed == true),
            ("authority", request.Authority?.Confirmed == true),
            ("need", request.Need?.Confirmed == true),
            ("timeline", request.Timeline?.Confirmed == true),
        }.Where(a => !a.Confirmed).Select(a => a.Letter).ToArray();

        await work.Connection.ExecuteAsync(
            """
            UPDATE leads SET bant = @Bant::jsonb, status = CASE WHEN status = 'new' THEN 'working' ELSE status END,
                   updated_at = clock_timestamp()
            WHERE id = @id
            """, new { id, Bant = JsonColumn.Write(request) }, work.Transaction);
        await work.AuditAsync(caller, "lead", id, missing.Length == 0 ? "qualified" : "bant_answered", new { request, missing }, cancellationToken);

        if (missing.Length > 0)
        {
            await work.CommitAsync(cancellationToken);
            throw new BusinessRuleException("bant_incomplete", $"Not yet confirmed: {string.Join(", ", missing)}.",
                extensions: new Dictionary<string, object?> { ["missing"] = missing });
        }

        var opportunity = (await OpportunityStore.OpenAsync(work, caller, new NewOpportunity(
            lead.AccountId, lead.Title, "new_business", request.Budget!.Amount ?? lead.EstimatedValue ?? 0m, lead.Currency,
            request.Timeline!.DecisionDate, lead.OwnerId, LeadId: lead.Id), cancellationToken))!;
        await work.Connection.ExecuteAsync(
            "UPDATE leads SET status = 'qualified', opportunity_id = @OpportunityId, updated_at = clock_timestamp() WHERE id = @id",
            new { id, OpportunityId = opportunity.Id }, work.Transaction);
        await work.PublishAsync(new LeadQualified(Guid.CreateVersion7(), DateTimeOffset.UtcNow, lead.AccountId, lead.Id, opportunity.Id, lead.OwnerId),
            cancellationToken);
        var qualified = await LeadStore.ReloadAsync(work.Connection, work.Transaction, id);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/opportunities/{opportunity.Id}", qualified);
    }
}
