using System.Security.Claims;
using System.Text.Json;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Opportunities;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.DealExecution;

public sealed record SuccessFactor(int Rank, string Factor, string OurPosition);

/// <summary>One state of a deal's top factors: the current one, or a step of the history.</summary>
public sealed class SuccessFactorSet
{
    public Guid OpportunityId { get; init; }
    [System.Text.Json.Serialization.JsonIgnore]
    public string Factors { get; init; } = "[]";
    public Guid? ChangedBy { get; init; }
    public DateTime? ChangedAt { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("factors")]
    public IReadOnlyList<SuccessFactor> FactorList => JsonColumn.Read<List<SuccessFactor>>(Factors, []);
}

/// <summary>
/// 最为重要的三个要素 (docs/product.md §9): PUT /api/opportunities/{id}/success-factors replaces the (up to three) factors, ranks
/// unique; GET gives the current ones and GET .../history every state, oldest first, so the page shows how they moved.
/// A PUT that changes nothing adds no history. Closed deals keep their last factors.
/// </summary>
public static class SuccessFactors
{
    public static readonly string[] Positions = ["ahead", "even", "behind"];
    private const string Columns = "opportunity_id, factors::text AS factors, changed_by, changed_at";

    public sealed record Item(int? Rank, string? Factor, string? OurPosition);

    public static async Task<Ok<SuccessFactorSet>> PutAsync(
        Guid id, List<Item?>? body, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var validation = new FieldErrors().Check(body is not null, "body", "An array of up to 3 factors {rank, factor, ourPosition}.")
            .Check(body is null || body.Count <= 3, "body", "At most 3 factors.");
        for (var i = 0; i < (body?.Count ?? 0); i++)
        {
            var item = body![i];
            validation.Check(item is not null, $"[{i}]", "A factor {rank, factor, ourPosition}.");
            validation.Check(item?.Rank is >= 1 and <= 3, $"[{i}].rank", "An integer from 1 to 3.")
                .Length($"[{i}].factor", item?.Factor, 200)
                .Choice($"[{i}].ourPosition", item?.OurPosition, Positions);
        }

        validation.ThrowIfAny();
        var factors = body!.Select(f => new SuccessFactor(f!.Rank!.Value, f.Factor!.Trim(), f.OurPosition!)).OrderBy(f => f.Rank).ToList();
        if (factors.GroupBy(f => f.Rank).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new BusinessRuleException("duplicate_rank", $"Rank {twice.Key} is given twice: each rank 1..3 names one factor.",
                extensions: new Dictionary<string, object?> { ["rank"] = twice.Key });
        }

        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await OpportunityStore.FindOpenForWriteAsync(work, caller, id);
        var current = await CurrentAsync(work.Connection, work.Transaction, id);
        if (current.FactorList.SequenceEqual(factors))
        {
            await work.CommitAsync(cancellationToken);
            return TypedResults.Ok(current);
        }

        var saved = await work.Connection.QuerySingleAsync<SuccessFactorSet>(new CommandDefinition(
            $"""
            INSERT INTO success_factor_sets (id, opportunity_id, factors, changed_by) VALUES (@Id, @OpportunityId, @Factors::jsonb, @UserId)
            RETURNING {Columns}
            """, new { Id = Guid.CreateVersion7(), OpportunityId = id, Factors = JsonSerializer.Serialize(factors, Json.Options), caller.UserId },
            work.Transaction, cancellationToken: cancellationToken));
        await work.AuditAsync(caller, "opportunity", id, "success_factors_changed", new { before = current.FactorList, after = factors }, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(saved);
    }

    public static async Task<Ok<SuccessFactorSet>> GetAsync(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        Access.Found(await OpportunityStore.FindAsync(connection, null, Caller.From(user), id));
        return TypedResults.Ok(await CurrentAsync(connection, null, id));
    }

    public static async Task<Ok<IReadOnlyList<SuccessFactorSet>>> HistoryAsync(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        Access.Found(await OpportunityStore.FindAsync(connection, null, Caller.From(user), id));
        return TypedResults.Ok<IReadOnlyList<SuccessFactorSet>>((await connection.QueryAsync<SuccessFactorSet>(
            $"SELECT {Columns} FROM success_factor_sets WHERE opportunity_id = @id ORDER BY changed_at, id", new { id })).ToList());
    }

    private static async Task<SuccessFactorSet> CurrentAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id) =>
        await connection.QuerySingleOrDefaultAsync<SuccessFactorSet>(
            $"SELECT {Columns} FROM success_factor_sets WHERE opportunity_id = @id ORDER BY changed_at DESC, id DESC LIMIT 1", new { id }, transaction)
        ?? new SuccessFactorSet { OpportunityId = id };
}
