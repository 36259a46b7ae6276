using KaPlatform.ServiceDefaults.Lists;

namespace KaPlatform.Accounts.Api.Accounts;

/// <summary>
/// How a name search reaches its first page in name order. PostgreSQL may either collect every match through the
/// name-piece index and sort them, or walk the name index in order until a page of matches is found. The walk looks
/// cheap to the planner and is not: names are not spread evenly in name order (English names sort before every Chinese
/// one), so a Chinese term walks past them all first. Measured at 1,000,000 accounts (docs/benchmarks/2026-12-02.md §10),
/// walk → sort: 鼎盛 661 → 108 ms, 科技 706 → 183 ms, 华信 574 → 125 ms, 杭州 118 → 121 ms, and even 公司, in 70 % of
/// the names, 1,231 → 744 ms. So a name search always orders by an expression the name index cannot supply: the cost is
/// bounded by the number of matches, never by where they happen to sort.
/// </summary>
internal static class NameSearchOrder
{
    /// <summary>The same order and cursor (name || '' is the name), as an expression no index supplies.</summary>
    public static ListSort BySortingMatches(ListSort sort) => sort with { Column = sort.Column with { Sql = $"({sort.Column.Sql} || '')" } };
}
