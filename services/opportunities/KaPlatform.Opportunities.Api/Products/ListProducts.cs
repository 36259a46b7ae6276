using System.Security.Claims;
using Dapper;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Search;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Products;

/// <summary>GET /api/products?q=&amp;family=&amp;active= (everyone signed in reads the catalogue), by code; GET /api/products/{id}.</summary>
public static class ListProducts
{
    public static async Task<Ok<Page<ProductResponse>>> HandleAsync(
        string? q, string? family, bool? active, int? limit, string? cursor, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var take = Paging.Limit(limit);
        var (after, afterId) = ReadCursor(cursor);
        var pattern = LikePattern.Contains(q);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ProductResponse>(
            $"""
            SELECT {ProductResponse.Columns} FROM products p
            WHERE (@pattern::text IS NULL OR p.code ILIKE @pattern OR p.name ILIKE @pattern)
              AND (@family::text IS NULL OR p.family = @family) AND (@active::boolean IS NULL OR p.active = @active)
              AND (@after::text IS NULL OR (lower(p.code), p.id) > (@after, @afterId))
            ORDER BY lower(p.code), p.id LIMIT @take
            """, new { pattern, family, active, after, afterId, take = take + 1 })).ToList();
        return TypedResults.Ok(Paging.ToPage(rows, take, p => p.Code.ToLowerInvariant() + CursorSeparator + p.Id));
    }

    private const char CursorSeparator = '|';

    /// <summary>The (code, id) after which the page starts; a cursor without that shape was not written here (400).</summary>
    private static (string? Code, Guid Id) ReadCursor(string? cursor)
    {
        if (Paging.Decode(cursor) is not { } key)
        {
            return (null, Guid.Empty);
        }

        var at = key.LastIndexOf(CursorSeparator);
        return at > 0 && Guid.TryParse(key[(at + 1)..], out var id) ? (key[..at], id) : throw Paging.InvalidCursor();
    }

    public static async Task<Ok<ProductResponse>> GetAsync(Guid id, HttpResponse http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var product = Access.Found(await ProductStore.FindAsync(connection, null, id));
        http.Headers.ETag = Concurrency.ETag(product.Version);
        return TypedResults.Ok(product);
    }

    /// <summary>GET /api/products/families: the families in use, for target and forecast pickers.</summary>
    public static async Task<Ok<string[]>> FamiliesAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok((await connection.QueryAsync<string>("SELECT DISTINCT family FROM products ORDER BY family")).ToArray());
    }
}
