using Dapper;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Targets;

public sealed record TargetAdjustment(decimal? FromAmount, decimal ToAmount, string Reason, Guid ActorId, DateTime At, decimal? FromFloor, decimal? ToFloor);

public sealed class TargetResponse
{
    public const string Columns = "t.id, t.owner_id, t.period, t.amount, t.currency, t.region, t.product_family, t.floor, t.created_by, t.created_at, t.updated_at, t.version";

    public Guid Id { get; init; }
    public Guid OwnerId { get; init; }
    public string Period { get; init; } = "";
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "";
    public string? Region { get; init; }

    /// <summary>docs/product.md §9: a target for one product family (null: the seller's overall number).</summary>
    public string? ProductFamily { get; init; }

    /// <summary>The floor (保底目标), at most the target.</summary>
    public decimal? Floor { get; init; }

    public Guid CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }
    public IReadOnlyList<TargetAdjustment>? History { get; set; }
}

/// <summary>
/// Who sees a target: admin and finance all; a sales director those of their region (and those they set);
/// a KAM or rep their own. Targets hang off people, not accounts, so the account scope does not apply.
/// </summary>
internal static class TargetScope
{
    public static string Predicate(Caller caller, DynamicParameters parameters, string alias = "t")
    {
        if (caller.IsAny(Roles.Admin, Roles.Finance))
        {
            return "TRUE";
        }

        parameters.Add("target_user", caller.UserId);
        parameters.Add("target_region", caller.Region);
        var clauses = new List<string>();
        if (caller.IsIn(Roles.SalesDirector))
        {
            clauses.Add($"{alias}.region = @target_region OR {alias}.created_by = @target_user");
        }

        if (caller.IsAny(Roles.KeyAccountManager, Roles.SalesRep))
        {
            clauses.Add($"{alias}.owner_id = @target_user");
        }

        return clauses.Count == 0 ? "FALSE" : "(" + string.Join(" OR ", clauses) + ")";
    }

    /// <param name="forUpdate">Lock the row for the rest of the transaction: an adjustment computes the new row, its
    /// history's "from" and its If-Match check from what it read.</param>
    public static async Task<TargetResponse?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Caller caller, Guid id, bool withHistory,
        bool forUpdate = false)
    {
        var parameters = new DynamicParameters(new { id });
        var scope = Predicate(caller, parameters);
        var target = await connection.QuerySingleOrDefaultAsync<TargetResponse>(
            $"SELECT {TargetResponse.Columns} FROM targets t WHERE t.id = @id AND {scope}{(forUpdate ? " FOR UPDATE OF t" : "")}", parameters, transaction);
        if (target is not null && withHistory)
        {
            target.History = (await connection.QueryAsync<TargetAdjustment>(
                "SELECT from_amount, to_amount, reason, actor_id, at, from_floor, to_floor FROM target_adjustments WHERE target_id = @id ORDER BY at, id",
                new { id }, transaction)).ToList();
        }

        return target;
    }

    public static Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Caller caller, Guid targetId, decimal? from, decimal to, string reason,
        decimal? fromFloor = null, decimal? toFloor = null) =>
        connection.ExecuteAsync(
            """
            INSERT INTO target_adjustments (id, target_id, from_amount, to_amount, reason, actor_id, from_floor, to_floor)
            VALUES (@Id, @targetId, @from, @to, @reason, @ActorId, @fromFloor, @toFloor)
            """, new { Id = Guid.CreateVersion7(), targetId, from, to, reason, ActorId = caller.UserId, fromFloor, toFloor }, transaction);
}
