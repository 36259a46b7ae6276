using System.Globalization;
using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Products;

/// <summary>One refused cell: the spreadsheet row (the header is row 1), the column as named in the header, and why.</summary>
public sealed record ImportError(int Row, string Column, string Reason);

public sealed record ProductImportResult(int Created, int Updated);

/// <summary>
/// POST /api/products/import (admin): the catalogue as CSV (UTF-8) or XLSX, a body or one multipart file, header
/// `code,name,family,unit,listPrice,active`. A code already in the catalogue updates that product (price-list refresh),
/// a new code creates one. All rows or none: any refused row answers 422 `import_rejected` with every
/// `errors[{row, column, reason}]`, and nothing is stored.
/// </summary>
public static class ImportProducts
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 10_000;

    private static readonly string[] Columns = ["code", "name", "family", "unit", "listPrice", "active"];
    private static readonly string[] Required = ["code", "name", "family", "unit", "listPrice"];

    private sealed record Row(int Number, ProductFields Fields);

    public static async Task<Ok<ProductImportResult>> HandleAsync(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(ProductStore.Writers);
        var (bytes, fileName) = await ReadAsync(request, cancellationToken);
        var cells = Parse(bytes, fileName);
        var errors = new List<ImportError>();
        var rows = Validate(cells, errors);
        if (errors.Count > 0)
        {
            throw Rejected(errors);
        }

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var existing = (await work.Connection.QueryAsync<(string Code, Guid Id)>(
            "SELECT lower(code), id FROM products WHERE lower(code) = ANY(@codes) FOR UPDATE",
            new { codes = rows.Select(r => r.Fields.Code!.ToLowerInvariant()).ToArray() }, work.Transaction)).ToDictionary(e => e.Code, e => e.Id);
        var created = 0;
        foreach (var row in rows)
        {
            var f = row.Fields;
            var isNew = !existing.TryGetValue(f.Code!.ToLowerInvariant(), out var id);
            id = isNew ? Guid.CreateVersion7() : id;
            await work.Connection.ExecuteAsync(
                isNew
                    ? "INSERT INTO products (id, code, name, family, unit, list_price, active) VALUES (@id, @Code, @Name, @Family, @Unit, @ListPrice, @Active)"
                    : """
                      UPDATE products SET code = @Code, name = @Name, family = @Family, unit = @Unit, list_price = @ListPrice, active = @Active,
                             updated_at = clock_timestamp(), version = version + 1
                      WHERE id = @id
                      """,
                new { id, f.Code, f.Name, f.Family, f.Unit, f.ListPrice, Active = f.Active ?? true }, work.Transaction);
            await work.AuditAsync(caller, "product", id, isNew ? "imported" : "reimported", new { row = row.Number, fields = f }, cancellationToken);
            created += isNew ? 1 : 0;
        }

        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(new ProductImportResult(created, rows.Count - created));
    }

    private static BusinessRuleException Rejected(List<ImportError> errors) =>
        new("import_rejected", $"{errors.Count} problem(s) in the file; nothing was imported.",
            extensions: new Dictionary<string, object?> { ["errors"] = errors.OrderBy(e => e.Row).ToList() });

    private static BusinessRuleException BadFile(string reason) =>
        FieldErrors.Invalid("file", reason);

    private static async Task<(byte[] Bytes, string? FileName)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (bytes, fileName) = await UploadedFile.ReadAsync(request, MaxBytes, "CSV or XLSX", cancellationToken);
        return bytes.Length == 0 ? throw BadFile("The file is empty; the first row names the columns.") : (bytes, fileName);
    }

    /// <summary>Header name → cell text, per data row in order. XLSX is recognised by its zip signature, anything else is read as CSV.</summary>
    private static List<Dictionary<string, string?>> Parse(byte[] bytes, string? fileName)
    {
        var xlsx = bytes is [0x50, 0x4B, 0x03, 0x04, ..];
        if (!xlsx && fileName is not null && fileName.EndsWith(".xls", StringComparison.OrdinalIgnoreCase))
        {
            throw BadFile("Old .xls workbooks are not read; save as .xlsx or CSV UTF-8.");
        }

        List<IDictionary<string, object?>> raw;
        try
        {
            using var stream = new MemoryStream(bytes);
            raw = stream.Query(useHeaderRow: false, excelType: xlsx ? ExcelType.XLSX : ExcelType.CSV)
                .Cast<IDictionary<string, object?>>().Take(MaxRows + 2).ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw BadFile(xlsx ? "The workbook could not be read; save it again as .xlsx." : "The CSV could not be read; save it as CSV UTF-8.");
        }

        if (raw.Count == 0)
        {
            throw BadFile("The file is empty; the first row names the columns.");
        }

        if (raw.Count > MaxRows + 1)
        {
            throw BadFile($"At most {MaxRows} rows per import.");
        }

        var header = Header(raw[0]);
        return raw.Skip(1).Select(r => header.ToDictionary(h => h.Value, h => Text(r.TryGetValue(h.Key, out var v) ? v : null))).ToList();
    }

    /// <summary>Sheet column key (A, B, …) → canonical column name; unknown, repeated or missing columns refuse the whole file.</summary>
    private static Dictionary<string, string> Header(IDictionary<string, object?> first)
    {
        var header = new Dictionary<string, string>();
        var problems = new List<string>();
        foreach (var (key, value) in first)
        {
            var name = Text(value);
            if (name is null)
            {
                continue;
            }

            var column = Columns.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            if (column is null)
            {
                problems.Add($"unknown column \"{name}\"; allowed: {string.Join(", ", Columns)}.");
            }
            else if (header.ContainsValue(column))
            {
                problems.Add($"column \"{column}\" appears twice.");
            }
            else
            {
                header[key] = column;
            }
        }

        problems.AddRange(Required.Where(c => !header.ContainsValue(c)).Select(c => $"column \"{c}\" is required."));
        return problems.Count > 0
            ? throw FieldErrors.Invalid("header", problems)
            : header;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    } is { } text && text.Trim().Length > 0 ? text.Trim() : null;

    private static List<Row> Validate(List<Dictionary<string, string?>> cells, List<ImportError> errors)
    {
        var rows = new List<Row>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < cells.Count; i++)
        {
            var number = i + 2;
            var cell = cells[i];
            if (cell.Values.All(v => v is null))
            {
                continue; // a blank row between blocks of a price list is not a product
            }

            string? Get(string column) => cell.GetValueOrDefault(column);
            decimal? price = null;
            if (Get("listPrice") is { } priceText)
            {
                if (decimal.TryParse(priceText, NumberStyles.Number, CultureInfo.InvariantCulture, out var p))
                {
                    price = p;
                }
                else
                {
                    errors.Add(new ImportError(number, "listPrice", "A number such as 1280.50."));
                }
            }

            bool? active = Get("active")?.ToLowerInvariant() switch
            {
                null => null,
                "true" or "yes" or "1" or "y" or "是" => true,
                "false" or "no" or "0" or "n" or "否" => false,
                _ => Flag(errors, number),
            };
            var fields = new ProductFields(Get("code"), Get("name"), Get("family"), Get("unit"), price, active);
            var problems = fields.Problems(partial: false).Where(p => !(p.Field == "listPrice" && Get("listPrice") is not null && price is null)).ToList();
            errors.AddRange(problems.Select(p => new ImportError(number, p.Field, p.Reason)));
            if (fields.Code is { } code && !problems.Any(p => p.Field == "code"))
            {
                if (seen.TryGetValue(code.Trim(), out var earlier))
                {
                    errors.Add(new ImportError(number, "code", $"The code {code.Trim()} is already on row {earlier}."));
                }
                else
                {
                    seen[code.Trim()] = number;
                }
            }

            rows.Add(new Row(number, fields.Trimmed()));
        }

        if (rows.Count == 0 && errors.Count == 0)
        {
            throw BadFile("The file has a header but no products.");
        }

        return rows;
    }

    private static bool? Flag(List<ImportError> errors, int row)
    {
        errors.Add(new ImportError(row, "active", "true or false (also yes/no, 1/0, 是/否)."));
        return null;
    }
}
