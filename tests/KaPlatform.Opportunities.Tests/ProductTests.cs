using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;
using MiniExcelLibs;

namespace KaPlatform.Opportunities.Tests;

/// <summary>docs/product.md §9 products: the catalogue, its import, and opportunity lines with the amount rule.</summary>
public sealed class ProductTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    private static string Code(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private static async Task<Guid> ProductAsync(HttpClient admin, string code, string family, decimal listPrice, bool active = true) =>
        (await admin.PostAsync("/api/products", new { code, name = "产品 " + code, family, unit = "套", listPrice, active }))
            .Expect(HttpStatusCode.Created).GetProperty("id").GetGuid();

    private Task<long> CountAsync(string sql, object parameters) => service.QueryAsync<long>(sql, parameters);

    [Fact]
    public async Task Admins_write_the_catalogue_everyone_reads_it_and_codes_are_unique_in_any_case()
    {
        using var admin = service.Client(Guid.NewGuid(), Roles.Admin);
        using var kam = service.Client(Guid.NewGuid(), Roles.KeyAccountManager);
        var code = Code("5G");
        var id = await ProductAsync(admin, code, "5G专网", 1280.50m);

        var duplicate = (await admin.PostAsync("/api/products", new { code = code.ToLowerInvariant(), name = "重复", family = "5G专网", unit = "套", listPrice = 1m }))
            .Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("product_code_exists", duplicate.GetProperty("code").GetString());
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM products WHERE lower(code) = lower(@code)", new { code }));

        var refused = await kam.PostAsync("/api/products", new { code = Code("X"), name = "x", family = "f", unit = "u", listPrice = 1m });
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        var bad = (await admin.PostAsync("/api/products", new { code = "has space", name = "", family = "f", unit = "u", listPrice = -1m }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("code", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("name", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("listPrice", out _));

        var listed = (await kam.GetJsonAsync($"/api/products?q={code}")).Expect(HttpStatusCode.OK).GetProperty("items");
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetGuid());

        var retired = (await admin.PatchAsync($"/api/products/{id}", new { active = false, listPrice = 1300m })).Expect(HttpStatusCode.OK);
        Assert.False(retired.GetProperty("active").GetBoolean());
        Assert.Equal(1300m, retired.GetProperty("listPrice").GetDecimal());
        Assert.Equal(code, retired.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Lines_set_the_amount_rounded_to_cents_once_and_bad_lines_store_nothing()
    {
        var owner = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), owner);
        using var admin = service.Client(Guid.NewGuid(), Roles.Admin);
        using var kam = service.Client(owner, Roles.KeyAccountManager);
        var family = "家族-" + Guid.NewGuid().ToString("N")[..6];
        var seat = await ProductAsync(admin, Code("SEAT"), family, 33.33m);
        var cent = await ProductAsync(admin, Code("CENT"), family, 0.01m);
        var retired = await ProductAsync(admin, Code("OLD"), family, 10m, active: false);

        // 3 × 33.33 × (1 − 12.5%) = 87.49125 → 87.49; two lines of 1 × 0.01 × 50% = 0.005 each: lines show 0.01 each,
        // the amount rounds Σ = 87.50125 once → 87.50 (rounding each line first would give 87.51).
        var opened = (await kam.PostAsync("/api/opportunities", new
        {
            accountId = account, name = "座席扩容", expectedCloseDate = "2026-12-20",
            lines = new object[]
            {
                new { productId = seat, quantity = 3, discountPct = 12.5m },
                new { productId = cent, quantity = 1, unitPrice = 0.01m, discountPct = 50 },
                new { productId = cent, quantity = 1, discountPct = 50 },
            },
        })).Expect(HttpStatusCode.Created);
        Assert.Equal(87.50m, opened.GetProperty("amount").GetDecimal());
        var lines = opened.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal([87.49m, 0.01m, 0.01m], lines.Select(l => l.GetProperty("amount").GetDecimal()));
        Assert.Equal(33.33m, lines[0].GetProperty("unitPrice").GetDecimal()); // the list price when none is given
        Assert.Equal(family, lines[0].GetProperty("family").GetString());
        var id = opened.GetProperty("id").GetGuid();

        // A patch replaces the lines and recomputes: 2.5 × 19.99 × (1 − 33.33%) = 33.3183325 → 33.32.
        var patched = (await kam.PatchAsync($"/api/opportunities/{id}", new { lines = new[] { new { productId = seat, quantity = 2.5m, unitPrice = 19.99m, discountPct = 33.33m } } }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(33.32m, patched.GetProperty("amount").GetDecimal());
        Assert.Equal(33.32m, Assert.Single(patched.GetProperty("lines").EnumerateArray()).GetProperty("amount").GetDecimal());
        var mismatch = (await kam.PatchAsync($"/api/opportunities/{id}", new { amount = 99m, lines = new[] { new { productId = seat, quantity = 1 } } }))
            .Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("amount_mismatch", mismatch.GetProperty("code").GetString());
        Assert.Equal(33.33m, mismatch.GetProperty("computed").GetDecimal());

        // Bad lines: 400 per field, 422 for unknown or retired products; nothing stored either way.
        async Task Refused(HttpStatusCode status, string codeOrField, params object[] badLines)
        {
            var body = (await kam.PostAsync("/api/opportunities", new { accountId = account, name = "不该存在", expectedCloseDate = "2026-12-20", lines = badLines }))
                .Expect(status);
            if (status == HttpStatusCode.BadRequest)
            {
                Assert.True(body.GetProperty("errors").TryGetProperty(codeOrField, out _), body.ToString());
            }
            else
            {
                Assert.Equal(codeOrField, body.GetProperty("code").GetString());
            }
        }

        await Refused(HttpStatusCode.BadRequest, "lines[0].quantity", new { productId = seat, quantity = -1 });
        await Refused(HttpStatusCode.BadRequest, "lines[0].unitPrice", new { productId = seat, quantity = 1, unitPrice = -5m });
        await Refused(HttpStatusCode.BadRequest, "lines[1].discountPct", new { productId = seat, quantity = 1 }, new { productId = seat, quantity = 1, discountPct = 100.5m });
        await Refused(HttpStatusCode.BadRequest, "lines[0].discountPct", new { productId = seat, quantity = 1, discountPct = -1 });
        await Refused(HttpStatusCode.UnprocessableEntity, "unknown_product", new { productId = Guid.NewGuid(), quantity = 1 });
        await Refused(HttpStatusCode.UnprocessableEntity, "product_inactive", new { productId = retired, quantity = 1 });
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM opportunities WHERE account_id = @account", new { account }));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM opportunity_lines WHERE opportunity_id = @id", new { id }));

        // Retiring a product keeps it on the deals that have it, but no new deal takes it.
        (await admin.PatchAsync($"/api/products/{seat}", new { active = false })).Expect(HttpStatusCode.OK);
        (await kam.PatchAsync($"/api/opportunities/{id}", new { lines = new[] { new { productId = seat, quantity = 4, unitPrice = 10m } } })).Expect(HttpStatusCode.OK);
        await Refused(HttpStatusCode.UnprocessableEntity, "product_inactive", new { productId = seat, quantity = 1 });
    }

    [Fact]
    public async Task A_csv_import_creates_and_updates_by_code_and_a_file_with_any_bad_row_stores_nothing()
    {
        using var admin = service.Client(Guid.NewGuid(), Roles.Admin);
        var existing = Code("EX");
        var existingId = await ProductAsync(admin, existing, "旧家族", 5m);
        var a = Code("IMPA");
        var b = Code("IMPB");

        var ok = await ImportAsync(admin, $"code,name,family,unit,listPrice,active\n{a},核心网许可,5G专网,套,1280.50,true\n{b},云主机,云服务,台,99,是\n{existing},旧产品改名,新家族,套,6.5,false\n", "text/csv");
        var result = ok.Expect(HttpStatusCode.OK);
        Assert.Equal(2, result.GetProperty("created").GetInt32());
        Assert.Equal(1, result.GetProperty("updated").GetInt32());
        var updated = (await admin.GetJsonAsync($"/api/products/{existingId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(("新家族", 6.5m, false), (updated.GetProperty("family").GetString(), updated.GetProperty("listPrice").GetDecimal(), updated.GetProperty("active").GetBoolean()));

        var c = Code("IMPC");
        var before = await CountAsync("SELECT count(*) FROM products", new { });
        var bad = (await ImportAsync(admin, $"code,name,family,unit,listPrice\n{c},好行,家族,套,10\n{Code("D")},坏价格,家族,套,abc\n{c},重复编码,家族,套,1\n{Code("E")},,家族,套,-3\n", "text/csv"))
            .Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("import_rejected", bad.GetProperty("code").GetString());
        var errors = bad.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Equal([(3, "listPrice"), (4, "code"), (5, "name"), (5, "listPrice")], errors);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM products", new { }));

        var header = (await ImportAsync(admin, "code,name,price\nx,y,1\n", "text/csv")).Expect(HttpStatusCode.BadRequest);
        Assert.True(header.GetProperty("errors").TryGetProperty("header", out _));
    }

    [Fact]
    public async Task An_xlsx_workbook_imports_the_same_way_with_row_level_errors()
    {
        using var admin = service.Client(Guid.NewGuid(), Roles.Admin);
        var good = Code("XL");
        var rows = new List<Dictionary<string, object>>
        {
            new() { ["code"] = good, ["name"] = "专线", ["family"] = "专线", ["unit"] = "条", ["listPrice"] = 2500.5, ["active"] = true },
        };
        (await ImportXlsxAsync(admin, rows)).Expect(HttpStatusCode.OK);
        var listed = (await admin.GetJsonAsync($"/api/products?q={good}")).Expect(HttpStatusCode.OK).GetProperty("items");
        Assert.Equal(2500.5m, Assert.Single(listed.EnumerateArray()).GetProperty("listPrice").GetDecimal());

        var bad = Code("XB");
        rows = [
            new() { ["code"] = bad, ["name"] = "新", ["family"] = "专线", ["unit"] = "条", ["listPrice"] = 10, ["active"] = true },
            new() { ["code"] = Code("XC"), ["name"] = "负价", ["family"] = "专线", ["unit"] = "条", ["listPrice"] = -10, ["active"] = "maybe" },
        ];
        var refused = (await ImportXlsxAsync(admin, rows)).Expect(HttpStatusCode.UnprocessableEntity);
        var errors = refused.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Equal([(3, "active"), (3, "listPrice")], errors.OrderBy(e => e.Item2).ToList());
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM products WHERE code = @bad", new { bad }));
    }

    private static async Task<(HttpStatusCode, JsonElement)> ImportAsync(HttpClient client, string csv, string contentType)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "file", "products.csv");
        using var response = await client.PostAsync("/api/products/import", content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonSerializer.Deserialize<JsonElement>(text));
    }

    private static async Task<(HttpStatusCode, JsonElement)> ImportXlsxAsync(HttpClient client, List<Dictionary<string, object>> rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows, excelType: ExcelType.XLSX);
        using var body = new ByteArrayContent(stream.ToArray());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var response = await client.PostAsync("/api/products/import", body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonSerializer.Deserialize<JsonElement>(text));
    }
}
