using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Leads;

public sealed record DisqualifyLeadRequest(string? Reason);

/// <summary>POST /api/leads/{id}/disqualify: dropped with a reason, so the funnel review knows why.</summary>
public static class DisqualifyLead
{
    public static async Task<Ok<LeadResponse>> HandleAsync(
        Guid id, DisqualifyLeadRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new FieldErrors().Length("reason", request.Reason, 2000).ThrowIfAny();
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await LeadStore.FindOpenForWriteAsync(work.Connection, work.Transaction, caller, id);
        await work.Connection.ExecuteAsync(
            "UPDATE leads SET status = 'disqualified', disqualify_reason = @Reason, updated_at = clock_timestamp() WHERE id = @id",
            new { id, Reason = request.Reason!.Trim() }, work.Transaction);
        await work.AuditAsync(caller, "lead", id, "disqualified", request, cancellationToken);
        var lead = await LeadStore.ReloadAsync(work.Connection, work.Transaction, id);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(lead);
    }
}
