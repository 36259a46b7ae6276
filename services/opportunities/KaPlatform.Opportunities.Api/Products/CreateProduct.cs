using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Products;

/// <summary>POST /api/products (admin): a new catalogue entry; a code already used, in any letter case, is 422 product_code_exists.</summary>
public static class CreateProduct
{
    public static async Task<Created<ProductResponse>> HandleAsync(
        ProductFields request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(ProductStore.Writers);
        ProductStore.Validate(request, partial: false);
        var fields = request.Trimmed();

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var id = Guid.CreateVersion7();
        var inserted = await work.Connection.ExecuteAsync(
            """
            INSERT INTO products (id, code, name, family, unit, list_price, active)
            VALUES (@id, @Code, @Name, @Family, @Unit, @ListPrice, @Active)
            ON CONFLICT DO NOTHING
            """, new { id, fields.Code, fields.Name, fields.Family, fields.Unit, fields.ListPrice, Active = fields.Active ?? true }, work.Transaction);
        if (inserted == 0)
        {
            throw ProductStore.CodeTaken(fields.Code!);
        }

        await work.AuditAsync(caller, "product", id, "created", fields, cancellationToken);
        var product = (await ProductStore.FindAsync(work.Connection, work.Transaction, id))!;
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/products/{id}", product);
    }
}
