using Dapper;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Products;

/// <summary>A catalogue entry (docs/product.md §9). List prices are in the base currency.</summary>
public sealed class ProductResponse
{
    public const string Columns = "p.id, p.code, p.name, p.family, p.unit, p.list_price, p.active, p.created_at, p.updated_at, p.version";

    public Guid Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string Family { get; init; } = "";
    public string Unit { get; init; } = "";
    public decimal ListPrice { get; init; }
    public string Currency => Targets.Forecast.BaseCurrency;
    public bool Active { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }
}

/// <summary>The fields of a product as written by a create, a patch or an import row.</summary>
public sealed record ProductFields(string? Code, string? Name, string? Family, string? Unit, decimal? ListPrice, bool? Active)
{
    public const int MaxCode = 50;

    /// <summary>Field → reason, in the words of docs/product.md §0; a patch (<paramref name="partial"/>) may leave fields out.</summary>
    public IEnumerable<(string Field, string Reason)> Problems(bool partial)
    {
        if (!Fits(Code, MaxCode, partial) || (Code is not null && Code.Any(char.IsWhiteSpace)))
        {
            yield return ("code", $"Required, 1 to {MaxCode} characters without spaces.");
        }

        if (!Fits(Name, 200, partial))
        {
            yield return ("name", "Required, 1 to 200 characters.");
        }

        if (!Fits(Family, 100, partial))
        {
            yield return ("family", "Required, 1 to 100 characters.");
        }

        if (!Fits(Unit, 50, partial))
        {
            yield return ("unit", "Required, 1 to 50 characters.");
        }

        if (ListPrice is null ? !partial : ListPrice < 0 || ListPrice >= 10_000_000_000_000_000m || !KaPlatform.ServiceDefaults.Money.IsCents(ListPrice.Value))
        {
            yield return ("listPrice", "A non-negative amount with at most two decimals.");
        }
    }

    public ProductFields Trimmed() => this with { Code = Code?.Trim(), Name = Name?.Trim(), Family = Family?.Trim(), Unit = Unit?.Trim() };

    private static bool Fits(string? value, int max, bool partial) =>
        value is null ? partial : value.Trim().Length > 0 && value.Trim().Length <= max;
}

internal static class ProductStore
{
    public static readonly string[] Writers = [KaPlatform.ServiceDefaults.Auth.Roles.Admin];

    public static void Validate(ProductFields fields, bool partial)
    {
        var validation = new FieldErrors();
        foreach (var (field, reason) in fields.Problems(partial))
        {
            validation.Check(false, field, reason);
        }

        validation.ThrowIfAny();
    }

    public static Task<ProductResponse?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, bool forUpdate = false) =>
        connection.QuerySingleOrDefaultAsync<ProductResponse>(
            $"SELECT {ProductResponse.Columns} FROM products p WHERE p.id = @id {(forUpdate ? "FOR UPDATE" : "")}", new { id }, transaction);

    public static BusinessRuleException CodeTaken(string code) =>
        new("product_code_exists", $"Another product already has the code {code}.", extensions: new Dictionary<string, object?> { ["productCode"] = code });
}
