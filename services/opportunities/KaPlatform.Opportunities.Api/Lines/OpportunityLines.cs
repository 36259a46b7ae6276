using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Lines;

/// <param name="UnitPrice">Defaults to the product's list price when the deal is in the base currency.</param>
/// <param name="DiscountPct">0 to 100, default 0.</param>
public sealed record LineInput(Guid? ProductId, decimal? Quantity, decimal? UnitPrice, decimal? DiscountPct);

/// <summary>A line as answered: the product's code, name and family beside the negotiated figures and the line's amount in cents.</summary>
public sealed class LineResponse
{
    public Guid ProductId { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string Family { get; init; } = "";
    public string Unit { get; init; } = "";
    public decimal Quantity { get; init; }
    public decimal UnitPrice { get; init; }
    public decimal DiscountPct { get; init; }
    public decimal Amount { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public Guid OpportunityId { get; init; }
}

/// <summary>Lines priced against the catalogue; <see cref="Amount"/> is the opportunity's amount under docs/product.md §9's rule.</summary>
public sealed record PricedLines(IReadOnlyList<(LineInput Input, string Family, decimal Exact)> Lines, decimal Amount);

/// <summary>
/// docs/product.md §9: with lines, amount = Σ quantity × unitPrice × (1 − discountPct ÷ 100), rounded to cents once (half away
/// from zero) — each line's exact value is kept, so the total never carries the lines' own rounding.
/// </summary>
internal static class OpportunityLines
{
    public const int MaxLines = 200;

    public static decimal Exact(decimal quantity, decimal unitPrice, decimal discountPct) => quantity * unitPrice * (100m - discountPct) / 100m;

    public static decimal Cents(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    public static FieldErrors Lines(this FieldErrors v, IReadOnlyList<LineInput?>? lines)
    {
        v.Check(lines is null || lines.Count <= MaxLines, "lines", $"At most {MaxLines} lines.");
        for (var i = 0; i < Math.Min(lines?.Count ?? 0, MaxLines); i++)
        {
            var line = lines![i];
            v.Check(line is not null, $"lines[{i}]", "A line {productId, quantity, unitPrice, discountPct} is required.")
                .Id($"lines[{i}].productId", line?.ProductId)
                .Check(line?.Quantity is { } q && q > 0 && q < 100_000_000_000_000m && decimal.Round(q, 4) == q, $"lines[{i}].quantity",
                    "A positive number with at most four decimals.")
                .Money($"lines[{i}].unitPrice", line?.UnitPrice, required: false)
                .Check(line?.DiscountPct is null or (>= 0 and <= 100) && (line?.DiscountPct is not { } d || decimal.Round(d, 2) == d),
                    $"lines[{i}].discountPct", "A percentage from 0 to 100 with at most two decimals.");
        }

        return v;
    }

    /// <summary>
    /// 422 unknown_product for products not in the catalogue, product_inactive for retired ones — unless the product
    /// is already on this opportunity (<paramref name="kept"/>): retiring a product does not strip it from open deals.
    /// </summary>
    public static async Task<PricedLines> PriceAsync(UnitOfWork work, IReadOnlyList<LineInput?> lines, IReadOnlySet<Guid> kept, string currency,
        CancellationToken cancellationToken)
    {
        var ids = lines.Select(l => l!.ProductId!.Value).Distinct().ToArray();
        var products = (await work.Connection.QueryAsync<(Guid Id, string Family, decimal ListPrice, bool Active)>(new CommandDefinition(
            "SELECT id, family, list_price, active FROM products WHERE id = ANY(@ids)", new { ids }, work.Transaction, cancellationToken: cancellationToken)))
            .ToDictionary(p => p.Id);
        var unknown = ids.Where(id => !products.ContainsKey(id)).ToArray();
        if (unknown.Length > 0)
        {
            throw new BusinessRuleException("unknown_product", "A line names a product that is not in the catalogue.",
                extensions: new Dictionary<string, object?> { ["productIds"] = unknown });
        }

        var inactive = ids.Where(id => !products[id].Active && !kept.Contains(id)).ToArray();
        if (inactive.Length > 0)
        {
            throw new BusinessRuleException("product_inactive", "A retired product cannot be added to a deal.",
                extensions: new Dictionary<string, object?> { ["productIds"] = inactive });
        }

        var missingPrice = lines.Select((l, i) => (l, i)).Where(x => x.l!.UnitPrice is null && currency != Targets.Forecast.BaseCurrency).ToArray();
        if (missingPrice.Length > 0)
        {
            var errors = new FieldErrors();
            foreach (var (_, i) in missingPrice)
            {
                errors.Add($"lines[{i}].unitPrice", $"Required: list prices are in {Targets.Forecast.BaseCurrency} and this deal is in {currency}.");
            }

            errors.ThrowIfAny();
        }

        var priced = lines.Select(l =>
        {
            var product = products[l!.ProductId!.Value];
            var input = l with { UnitPrice = l.UnitPrice ?? product.ListPrice, DiscountPct = l.DiscountPct ?? 0m };
            return (input, product.Family, Exact(input.Quantity!.Value, input.UnitPrice.Value, input.DiscountPct.Value));
        }).ToList();
        return new PricedLines(priced, Cents(priced.Sum(p => p.Item3)));
    }

    /// <summary>The lines replace whatever the opportunity had; an empty list removes them.</summary>
    public static async Task SaveAsync(UnitOfWork work, Guid opportunityId, PricedLines? priced, CancellationToken cancellationToken)
    {
        await work.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM opportunity_lines WHERE opportunity_id = @opportunityId", new { opportunityId }, work.Transaction, cancellationToken: cancellationToken));
        var position = 0;
        foreach (var (input, family, exact) in priced?.Lines ?? [])
        {
            await work.Connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO opportunity_lines (opportunity_id, position, product_id, family, quantity, unit_price, discount_pct, exact_amount)
                VALUES (@opportunityId, @position, @ProductId, @family, @Quantity, @UnitPrice, @DiscountPct, @exact)
                """, new { opportunityId, position = ++position, input.ProductId, family, input.Quantity, input.UnitPrice, input.DiscountPct, exact },
                work.Transaction, cancellationToken: cancellationToken));
        }
    }

    public static async Task<HashSet<Guid>> ProductIdsAsync(UnitOfWork work, Guid opportunityId) =>
        (await work.Connection.QueryAsync<Guid>("SELECT product_id FROM opportunity_lines WHERE opportunity_id = @opportunityId",
            new { opportunityId }, work.Transaction)).ToHashSet();

    public static async Task<IReadOnlyList<LineResponse>> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid opportunityId) =>
        (await connection.QueryAsync<LineResponse>(
            """
            SELECT l.opportunity_id, l.product_id, p.code, p.name, l.family, p.unit, l.quantity, l.unit_price, l.discount_pct,
                   round(l.exact_amount, 2) AS amount
            FROM opportunity_lines l JOIN products p ON p.id = l.product_id
            WHERE l.opportunity_id = @opportunityId ORDER BY l.position
            """, new { opportunityId }, transaction)).ToList();

    /// <summary>With lines the amount is theirs: a different amount in the same request is 422 amount_mismatch.</summary>
    public static decimal AmountOf(PricedLines priced, decimal? requested) =>
        requested is { } amount && amount != priced.Amount
            ? throw new BusinessRuleException("amount_mismatch", $"With lines the amount is computed from them ({priced.Amount}); leave amount out.",
                extensions: new Dictionary<string, object?> { ["computed"] = priced.Amount })
            : priced.Amount;
}
