using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Opportunities;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.DealExecution;

/// <summary>
/// GET (anyone signed in) and PUT (admin) /api/opportunities/settings/stage-norms: `{stage: days}` for the six open
/// stages (docs/product.md §9). PUT may name only some stages; the others keep their norm. A changed norm applies at once.
/// </summary>
public static class StageNorms
{
    public static async Task<Ok<IReadOnlyDictionary<string, int>>> GetAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok(await ReadAsync(connection, null));
    }

    public static async Task<Ok<IReadOnlyDictionary<string, int>>> PutAsync(
        Dictionary<string, int?>? body, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(Roles.Admin);
        var validation = new FieldErrors().Check(body is not null, "body", "An object {stage: days} of open stages.");
        foreach (var (stage, days) in body ?? [])
        {
            validation.Choice(stage, stage, Stages.Open).Check(days is >= 1 and <= 3650, stage, "Whole days from 1 to 3650.");
        }

        validation.ThrowIfAny();
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var before = await ReadAsync(work.Connection, work.Transaction);
        foreach (var (stage, days) in body!)
        {
            await work.Connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO stage_norms (stage, days, updated_by) VALUES (@stage, @days, @UserId)
                ON CONFLICT (stage) DO UPDATE SET days = EXCLUDED.days, updated_by = EXCLUDED.updated_by, updated_at = clock_timestamp()
                """, new { stage, days, caller.UserId }, work.Transaction, cancellationToken: cancellationToken));
        }

        var after = await ReadAsync(work.Connection, work.Transaction);
        await work.AuditAsync(caller, "stage_norms", Guid.Empty, "changed", new { before, after }, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(after);
    }

    private static async Task<IReadOnlyDictionary<string, int>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        var rows = (await connection.QueryAsync<(string Stage, int Days)>("SELECT stage, days FROM stage_norms", transaction: transaction)).ToDictionary(r => r.Stage, r => r.Days);
        // In funnel order, so the settings page reads like the pipeline.
        return Stages.Open.Where(rows.ContainsKey).ToDictionary(s => s, s => rows[s]);
    }
}
