using Dapper;
using KaPlatform.ServiceDefaults.Problems;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Targets;

/// <summary>docs/product.md §9: a floor (保底目标) is the least a seller must bring in, so it never exceeds the target.</summary>
internal static class TargetFloor
{
    public static void Check(decimal amount, decimal? floor)
    {
        if (floor > amount)
        {
            throw new BusinessRuleException("floor_above_target", $"The floor ({floor}) is above the target ({amount}).",
                extensions: new Dictionary<string, object?> { ["floor"] = floor, ["target"] = amount });
        }
    }

    /// <summary>A family nobody sells is a typo: 422 unknown_product_family.</summary>
    public static async Task RequireFamilyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? family)
    {
        if (family is not null && !await connection.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM products WHERE family = @family)", new { family }, transaction))
        {
            throw new BusinessRuleException("unknown_product_family", $"No product in the catalogue is in the family {family}.",
                extensions: new Dictionary<string, object?> { ["productFamily"] = family });
        }
    }
}
