namespace KaPlatform.Contracts.Api.Collections;

/// <summary>
/// The aging report's figures, summed as its rows stream in (largest total first): every row counts in its currency's
/// buckets and in the number of accounts, only the first `take` rows are kept for the answer. A 10,001-account group
/// no longer materialises every row and its large arrays to show 500 of them (contracts-api held 326–403 MB after the
/// ×10 aging run, issue 18).
/// </summary>
internal sealed class AgingTotals(string baseCurrency, int take)
{
    private readonly Dictionary<string, decimal[]> byCurrency = [];
    private readonly List<string> currencies = [];
    private readonly HashSet<Guid> accounts = [];

    public List<AgingRow> Top { get; } = [];

    public int AccountCount => accounts.Count;

    public AgingBuckets Overall => Buckets(baseCurrency);

    /// <summary>Other currencies in the order they first appear (the largest total first), as before.</summary>
    public List<AgingBuckets> OtherCurrencies => currencies.Where(c => c != baseCurrency).Select(Buckets).ToList();

    public void Add(AgingRow row)
    {
        if (!byCurrency.TryGetValue(row.Currency, out var sums))
        {
            sums = new decimal[6];
            byCurrency.Add(row.Currency, sums);
            currencies.Add(row.Currency);
        }

        sums[0] += row.NotDue;
        sums[1] += row.D1_30;
        sums[2] += row.D31_60;
        sums[3] += row.D61_90;
        sums[4] += row.D90Plus;
        sums[5] += row.Total;
        accounts.Add(row.AccountId);
        if (Top.Count < take)
        {
            Top.Add(row);
        }
    }

    private AgingBuckets Buckets(string currency) => byCurrency.TryGetValue(currency, out var s)
        ? new AgingBuckets(currency, s[0], s[1], s[2], s[3], s[4], s[5])
        : new AgingBuckets(currency, 0, 0, 0, 0, 0, 0);
}
