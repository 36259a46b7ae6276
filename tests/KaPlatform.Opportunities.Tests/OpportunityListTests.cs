using System.Net;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;

namespace KaPlatform.Opportunities.Tests;

/// <summary>
/// GET /api/opportunities with ?q= ?open= ?sort= ?includeTotal= and GET /api/opportunities/export (docs/workspace.md
/// "Lists"): ordered sorts, pages that visit each deal once, totals per currency, the same visibility in totals and files.
/// </summary>
public sealed class OpportunityListTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    private static readonly string[] Sorts = ["name", "account", "type", "stage", "probability", "amount", "expectedCloseDate", "createdAt"];
    private static readonly string[] StageOrder =
        ["initiation", "solution_design", "deep_engagement", "product_confirmation", "commercial_negotiation", "signing", "won", "lost"];

    private sealed record Book(HttpClient Client, string Region, List<Guid> Ids, string Tag);

    /// <summary>A KAM's seven deals on two accounts, in CNY and USD, open, won and lost; names differ in ASCII.</summary>
    private async Task<Book> SevenDealsAsync()
    {
        var tag = "D" + Guid.NewGuid().ToString("N")[..6];
        var kam = Guid.NewGuid();
        var region = Deals.Region();
        var first = await service.AccountAsync(region, kam);
        var second = await service.AccountAsync(region, kam);
        var client = service.Client(kam, Roles.KeyAccountManager, region);
        var specs = new (string Name, Guid Account, decimal Amount, string Currency, string Type, string? Close)[]
        {
            ($"{tag} C 核心网扩容", first, 1_200_000m, "CNY", "new_business", "2027-03-31"),
            ($"{tag} A 智慧园区二期", second, 800_000.50m, "CNY", "expansion", "2027-01-15"),
            ($"{tag} F 海外专线", first, 250_000m, "USD", "new_business", "2027-06-30"),
            ($"{tag} B 云桌面续约", second, 300_000m, "CNY", "renewal", "2027-04-30"),
            ($"{tag} E 数据中心", first, 5_000_000m, "CNY", "new_business", "2026-12-31"),
            ($"{tag} G 国际漫游", second, 90_000m, "USD", "renewal", "2027-02-28"),
            ($"{tag} D 5G专网", first, 1_200_000m, "CNY", "expansion", "2027-03-31"),
        };
        var ids = new List<Guid>();
        foreach (var s in specs)
        {
            var body = (await client.PostAsync("/api/opportunities", new
            {
                accountId = s.Account, name = s.Name, amount = s.Amount, currency = s.Currency, type = s.Type, expectedCloseDate = s.Close,
            })).Expect(HttpStatusCode.Created);
            ids.Add(body.GetProperty("id").GetGuid());
        }

        await client.MoveAsync(ids[0], "commercial_negotiation", "大客户框架内");
        await client.MoveAsync(ids[2], "deep_engagement", "海外客户指定");
        (await client.PostAsync($"/api/opportunities/{ids[4]}/win", new { closeDate = "2026-11-20" })).Expect(HttpStatusCode.OK);
        (await client.PostAsync($"/api/opportunities/{ids[5]}/lose", new { reason = "价格" })).Expect(HttpStatusCode.OK);
        return new Book(client, region, ids, tag);
    }

    private static async Task<List<JsonElement>> AllPagesAsync(HttpClient client, string query, int limit)
    {
        var rows = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = (await client.GetJsonAsync($"/api/opportunities?{query}&limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")))
                .Expect(HttpStatusCode.OK);
            rows.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return rows;
    }

    private static IComparable Key(JsonElement o, string sort) => sort switch
    {
        "name" => o.GetProperty("name").GetString()!,
        "account" => o.GetProperty("accountId").GetString()!,   // compared below through the account's name
        "type" => o.GetProperty("type").GetString()!,
        "stage" => Array.IndexOf(StageOrder, o.GetProperty("stage").GetString()),
        "probability" => o.GetProperty("probability").GetInt32(),
        "amount" => o.GetProperty("amount").GetDecimal(),
        "expectedCloseDate" => o.GetProperty("closeDate").GetString() ?? o.GetProperty("expectedCloseDate").GetString() ?? "9999-12-31",
        _ => o.GetProperty("createdAt").GetDateTime(),
    };

    [Fact]
    public async Task Every_sort_is_ordered_both_ways_and_its_pages_visit_each_deal_once()
    {
        var book = await SevenDealsAsync();
        await using var db = new Npgsql.NpgsqlConnection(service.Factory.DatabaseConnectionString);
        var accountNames = (await Dapper.SqlMapper.QueryAsync<(Guid Id, string Name)>(db, "SELECT id, name FROM account_directory"))
            .ToDictionary(a => a.Id.ToString(), a => a.Name);
        foreach (var sort in Sorts)
        {
            foreach (var descending in new[] { false, true })
            {
                var value = (descending ? "-" : "") + sort;
                var rows = await AllPagesAsync(book.Client, $"sort={value}", limit: 2);
                Assert.True(rows.Select(r => r.GetProperty("id").GetGuid()).Order().SequenceEqual(book.Ids.Order()), $"{value}: every deal exactly once");
                for (var i = 1; i < rows.Count; i++)
                {
                    var (a, b) = (Key(rows[i - 1], sort), Key(rows[i], sort));
                    if (sort == "account")
                    {
                        (a, b) = (accountNames[(string)a], accountNames[(string)b]);
                    }

                    var order = a is string sa ? string.CompareOrdinal(sa, (string)b) : a.CompareTo(b);
                    Assert.True(descending ? order >= 0 : order <= 0, $"{value}: row {i} ({b}) after ({a})");
                    if (order == 0)
                    {
                        var byId = string.CompareOrdinal(rows[i - 1].GetProperty("id").GetString(), rows[i].GetProperty("id").GetString());
                        Assert.True(descending ? byId > 0 : byId < 0, $"{value}: tie at row {i} not broken by id");
                    }
                }
            }
        }

        // Without ?sort= the list keeps its order (newest first) and its paging.
        var newest = await AllPagesAsync(book.Client, "", limit: 3);
        Assert.Equal(Enumerable.Reverse(book.Ids), newest.Select(r => r.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Search_open_only_and_totals_per_currency_count_only_what_the_caller_sees()
    {
        var book = await SevenDealsAsync();
        var all = (await book.Client.GetJsonAsync("/api/opportunities?includeTotal=true&limit=1")).Expect(HttpStatusCode.OK);
        Assert.Equal(7, all.GetProperty("total").GetInt64());
        var totals = all.GetProperty("totals").EnumerateArray().ToDictionary(t => t.GetProperty("currency").GetString()!);
        Assert.Equal(["CNY", "USD"], totals.Keys.Order());
        Assert.Equal(5, totals["CNY"].GetProperty("count").GetInt64());
        Assert.Equal(8_500_000.50m, totals["CNY"].GetProperty("amount").GetDecimal());
        Assert.Equal(340_000m, totals["USD"].GetProperty("amount").GetDecimal());

        // Open only: the won and the lost deal drop out; weighted = Σ amount × probability, per currency, never mixed.
        var open = (await book.Client.GetJsonAsync("/api/opportunities?includeTotal=true&open=true&limit=50")).Expect(HttpStatusCode.OK);
        Assert.Equal(5, open.GetProperty("total").GetInt64());
        var items = open.GetProperty("items").EnumerateArray().ToList();
        Assert.DoesNotContain(items, o => o.GetProperty("stage").GetString() is "won" or "lost");
        foreach (var total in open.GetProperty("totals").EnumerateArray())
        {
            var currency = total.GetProperty("currency").GetString();
            var mine = items.Where(o => o.GetProperty("currency").GetString() == currency).ToList();
            Assert.Equal(mine.Count, total.GetProperty("count").GetInt64());
            Assert.Equal(mine.Sum(o => o.GetProperty("amount").GetDecimal()), total.GetProperty("amount").GetDecimal());
            Assert.Equal(Math.Round(mine.Sum(o => o.GetProperty("amount").GetDecimal() * o.GetProperty("probability").GetInt32() / 100m), 2, MidpointRounding.AwayFromZero),
                total.GetProperty("weighted").GetDecimal());
        }

        Assert.Equal(2, (await book.Client.GetJsonAsync("/api/opportunities?includeTotal=true&open=false")).Expect(HttpStatusCode.OK).GetProperty("total").GetInt64());
        var found = (await book.Client.GetJsonAsync($"/api/opportunities?includeTotal=true&q={Uri.EscapeDataString("园区")}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, found.GetProperty("total").GetInt64());
        Assert.Equal($"{book.Tag} A 智慧园区二期", found.GetProperty("items")[0].GetProperty("name").GetString());
        // q also finds deals by their account's name.
        Assert.Equal(7, (await book.Client.GetJsonAsync("/api/opportunities?includeTotal=true&q=" + Uri.EscapeDataString("测试客户"))).Expect(HttpStatusCode.OK)
            .GetProperty("total").GetInt64());

        // A rep of another account and a director of another region: zero, and empty files (docs/product.md §6).
        var rep = Guid.NewGuid();
        await service.AccountAsync(book.Region, rep);
        foreach (var other in new[] { service.Client(rep, Roles.SalesRep, book.Region), service.Client(Guid.NewGuid(), Roles.SalesDirector, "华南") })
        {
            var theirs = (await other.GetJsonAsync("/api/opportunities?includeTotal=true&q=" + book.Tag)).Expect(HttpStatusCode.OK);
            Assert.Equal(0, theirs.GetProperty("total").GetInt64());
            Assert.Empty(theirs.GetProperty("totals").EnumerateArray());
            var file = ExportedFile.FromCsv(await (await other.GetAsync("/api/opportunities/export?format=csv&q=" + book.Tag)).Content.ReadAsByteArrayAsync());
            Assert.Empty(file.Rows);
        }

        var director = service.Client(Guid.NewGuid(), Roles.SalesDirector, book.Region);
        Assert.Equal(7, (await director.GetJsonAsync("/api/opportunities?includeTotal=true")).Expect(HttpStatusCode.OK).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task The_export_is_the_filtered_sorted_list_in_csv_with_a_bom_and_in_xlsx()
    {
        var book = await SevenDealsAsync();
        var list = await AllPagesAsync(book.Client, "sort=-amount&open=true", 50);
        var names = list.Select(o => o.GetProperty("name").GetString()!).ToList();

        using var csvAnswer = await book.Client.GetAsync("/api/opportunities/export?format=csv&sort=-amount&open=true&lang=zh-CN");
        Assert.Equal(HttpStatusCode.OK, csvAnswer.StatusCode);
        Assert.StartsWith("商机列表-", csvAnswer.Content.Headers.ContentDisposition!.FileNameStar);
        var csv = ExportedFile.FromCsv(await csvAnswer.Content.ReadAsByteArrayAsync());
        Assert.Equal(names, csv.Column("商机名称"));
        Assert.Equal(list.Select(o => o.GetProperty("currency").GetString()), csv.Column("币种"));
        Assert.Equal("1200000.00", csv.Column("金额")[csv.Column("商机名称").ToList().IndexOf($"{book.Tag} C 核心网扩容")]);
        Assert.Equal("840000.00", csv.Column("加权金额")[csv.Column("商机名称").ToList().IndexOf($"{book.Tag} C 核心网扩容")]);

        using var xlsxAnswer = await book.Client.GetAsync("/api/opportunities/export?format=xlsx&sort=-amount&open=true");
        Assert.Equal(HttpStatusCode.OK, xlsxAnswer.StatusCode);
        var xlsx = ExportedFile.FromXlsx(await xlsxAnswer.Content.ReadAsByteArrayAsync());
        Assert.Equal(names, xlsx.Column("Name"));
        Assert.Equal(list.Select(o => o.GetProperty("amount").GetDecimal()), xlsx.Column("Amount").Select(decimal.Parse));
    }

    [Fact]
    public async Task A_bad_sort_or_a_cursor_of_another_sort_is_a_400()
    {
        var book = await SevenDealsAsync();
        foreach (var bad in new[] { "owner", "-", "amount desc", "o.amount" })
        {
            var (status, problem) = await book.Client.GetJsonAsync($"/api/opportunities?sort={Uri.EscapeDataString(bad)}");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.True(problem.GetProperty("errors").TryGetProperty("sort", out _), bad);
            Assert.Equal(HttpStatusCode.BadRequest, (await book.Client.GetJsonAsync($"/api/opportunities/export?sort={Uri.EscapeDataString(bad)}")).Status);
        }

        var cursor = (await book.Client.GetJsonAsync("/api/opportunities?sort=amount&limit=2")).Expect(HttpStatusCode.OK).GetProperty("nextCursor").GetString()!;
        foreach (var other in new[] { "-amount", "stage", "" })
        {
            var (status, problem) = await book.Client.GetJsonAsync($"/api/opportunities?sort={other}&limit=2&cursor={cursor}");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("invalid_cursor", problem.GetProperty("code").GetString());
        }

        var forged = KaPlatform.ServiceDefaults.Http.Paging.Encode($"amount\u001f12abc\u001f{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.BadRequest, (await book.Client.GetJsonAsync($"/api/opportunities?sort=amount&cursor={forged}")).Status);
    }
}
