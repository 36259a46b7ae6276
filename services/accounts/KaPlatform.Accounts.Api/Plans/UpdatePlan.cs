using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Plans;

/// <summary>
/// GET|PATCH /api/accounts/{id}/plans/{fiscalYear}. A PATCH replaces the content members it names; changing an
/// approved plan sends it back to draft, since what was approved is no longer what it says.
/// </summary>
public static class UpdatePlan
{
    public static async Task<Ok<AccountPlanView>> GetAsync(
        Guid id, int fiscalYear, ClaimsPrincipal user, HttpResponse response, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await AccountAccess.ReadAsync(connection, Caller.From(user), id, cancellationToken);
        var plan = await (await PlanRow.LoadAsync(connection, null, id, fiscalYear, cancellationToken)).ViewAsync(connection, null, cancellationToken);
        response.Headers.ETag = Concurrency.ETag(plan.Version);
        return TypedResults.Ok(plan);
    }

    public static async Task<Ok<AccountPlanView>> HandleAsync(
        Guid id, int fiscalYear, JsonElement body, ClaimsPrincipal user, HttpContext http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        RequestBody.Read<PlanContent>(body);

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await AccountAccess.LockForWriteAsync(work, caller, id, cancellationToken, AccountAccess.PlanWriters);
        var current = await PlanRow.LoadAsync(work.Connection, work.Transaction, id, fiscalYear, cancellationToken, forUpdate: true);
        Concurrency.Check(http.Request, current.Version);

        var merged = JsonNode.Parse(current.ContentJson)!.AsObject();
        foreach (var member in body.EnumerateObject().Where(m => PlanContent.Members.Contains(m.Name)))
        {
            merged[member.Name] = JsonNode.Parse(member.Value.GetRawText());
        }

        var errors = new FieldErrors();
        var content = RequestBody.Read<PlanContent>(JsonSerializer.SerializeToElement(merged)).Validated(errors);
        errors.ThrowIfAny();
        await content.CheckStakeholdersAsync(work.Connection, work.Transaction, id, cancellationToken);

        await work.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE account_plans SET content = @Content::jsonb, status = 'draft', approved_by = NULL, approved_at = NULL,
                   version = version + 1, updated_at = clock_timestamp()
            WHERE id = @Id
            """, new { current.Id, Content = content.ToJson() }, work.Transaction, cancellationToken: cancellationToken));
        var plan = await (await PlanRow.LoadAsync(work.Connection, work.Transaction, id, fiscalYear, cancellationToken))
            .ViewAsync(work.Connection, work.Transaction, cancellationToken);
        await work.AuditAsync(caller, "account_plan", plan.Id, "updated", new { before = current.Content, beforeStatus = current.Status, after = content }, cancellationToken);
        await work.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = Concurrency.ETag(plan.Version);
        return TypedResults.Ok(plan);
    }
}
