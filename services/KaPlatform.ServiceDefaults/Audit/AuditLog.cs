using System.Security.Claims;
using System.Text.Json;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using NpgsqlTypes;

namespace KaPlatform.ServiceDefaults.Audit;

public sealed record AuditEntry(Guid Id, string EntityType, Guid EntityId, string Action, Guid ActorId, string ActorName, DateTime At, JsonElement? Changes);

/// <summary>Who changed what, when — written in the same transaction as the change itself.</summary>
public static class AuditLog
{
    public static Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Caller caller,
        string entityType, Guid entityId, string action, object? changes, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_log (id, entity_type, entity_id, action, actor_id, actor_name, changes)
            VALUES (@Id, @entityType, @entityId, @action, @ActorId, @ActorName, @Changes::jsonb)
            """,
            new
            {
                Id = Guid.CreateVersion7(),
                entityType,
                entityId,
                action,
                ActorId = caller.UserId,
                ActorName = caller.Name,
                Changes = changes is null ? null : JsonSerializer.Serialize(changes, changes.GetType(), Json.Options),
            },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Many entries in one COPY, for bulk operations (imports).</summary>
    public static async Task RecordManyAsync(NpgsqlConnection connection, Caller caller, string entityType,
        IEnumerable<(Guid EntityId, string Action, object? Changes)> entries, CancellationToken cancellationToken = default)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY audit_log (id, entity_type, entity_id, action, actor_id, actor_name, changes) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var (entityId, action, changes) in entries)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(entityType, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(entityId, NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(action, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(caller.UserId, NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(caller.Name, NpgsqlDbType.Text, cancellationToken);
            if (changes is null)
            {
                await copy.WriteNullAsync(cancellationToken);
            }
            else
            {
                await copy.WriteAsync(JsonSerializer.Serialize(changes, changes.GetType(), Json.Options), NpgsqlDbType.Jsonb, cancellationToken);
            }
        }

        await copy.CompleteAsync(cancellationToken);
    }

    /// <summary>GET {path}?entityId=&amp;limit=&amp;cursor= — admins only (docs/product.md §6), newest first.</summary>
    public static RouteHandlerBuilder MapAuditTrail(this IEndpointRouteBuilder app, string path) =>
        app.MapGet(path, ReadAsync).WithTags("Audit")
            .WithSummary("Who did what to which record, newest first (admins only)");

    private static async Task<Ok<Page<AuditEntry>>> ReadAsync(
        Guid? entityId, int? limit, string? cursor, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        Caller.From(user).Require(Roles.Admin);
        var take = Paging.Limit(limit);
        var after = Paging.DecodeId(cursor);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(Guid Id, string EntityType, Guid EntityId, string Action, Guid ActorId, string ActorName, DateTime At, string? Changes)>(
            """
            SELECT id, entity_type, entity_id, action, actor_id, actor_name, at, changes::text
            FROM audit_log
            WHERE (@entityId::uuid IS NULL OR entity_id = @entityId) AND (@after::uuid IS NULL OR id < @after::uuid)
            ORDER BY id DESC LIMIT @take
            """,
            new { entityId, after, take = take + 1 })).ToList();
        var entries = rows.Select(r => new AuditEntry(r.Id, r.EntityType, r.EntityId, r.Action, r.ActorId, r.ActorName, r.At,
            r.Changes is null ? null : JsonSerializer.Deserialize<JsonElement>(r.Changes))).ToList();
        return TypedResults.Ok(Paging.ToPage(entries, take, e => e.Id.ToString()));
    }
}
