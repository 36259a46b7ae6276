using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Products;

/// <summary>
/// PATCH /api/products/{id} (admin): only the fields given change. `active: false` retires a product: existing lines
/// keep it, new lines refuse it. Prices on existing lines never follow the list price (they were negotiated).
/// </summary>
public static class UpdateProduct
{
    public static async Task<Ok<ProductResponse>> HandleAsync(
        Guid id, ProductFields request, ClaimsPrincipal user, HttpRequest http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(ProductStore.Writers);
        ProductStore.Validate(request, partial: true);
        var fields = request.Trimmed();

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var product = Access.Found(await ProductStore.FindAsync(work.Connection, work.Transaction, id, forUpdate: true));
        Concurrency.Check(http, product.Version);
        if (fields.Code is not null && await work.Connection.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM products WHERE lower(code) = lower(@Code) AND id <> @id)", new { fields.Code, id }, work.Transaction))
        {
            throw ProductStore.CodeTaken(fields.Code);
        }

        await work.Connection.ExecuteAsync(
            """
            UPDATE products SET code = coalesce(@Code, code), name = coalesce(@Name, name), family = coalesce(@Family, family),
                   unit = coalesce(@Unit, unit), list_price = coalesce(@ListPrice, list_price), active = coalesce(@Active, active),
                   updated_at = clock_timestamp(), version = version + 1
            WHERE id = @id
            """, new { id, fields.Code, fields.Name, fields.Family, fields.Unit, fields.ListPrice, fields.Active }, work.Transaction);
        await work.AuditAsync(caller, "product", id, "updated", fields, cancellationToken);
        var updated = (await ProductStore.FindAsync(work.Connection, work.Transaction, id))!;
        await work.CommitAsync(cancellationToken);
        http.HttpContext.Response.Headers.ETag = Concurrency.ETag(updated.Version);
        return TypedResults.Ok(updated);
    }
}
