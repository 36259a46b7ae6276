using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.Success.Api.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Success.Api.Notifications;

public sealed class NotificationResponse
{
    public Guid Id { get; init; }

    /// <summary>Null for a notice about the reader personally (target_changed, daily_digest).</summary>
    public Guid? AccountId { get; init; }
    public string Kind { get; init; } = "";

    /// <summary>The English sentence for logs; clients render kind + params in the reader's language (docs/product.md §0).</summary>
    public string Text { get; init; } = "";

    public JsonElement Params => JsonSerializer.Deserialize<JsonElement>(ParamsJson ?? "{}");

    [JsonIgnore]
    public string? ParamsJson { get; init; }

    public NotificationLink Link => new(LinkKind, LinkId);

    [JsonIgnore]
    public string LinkKind { get; init; } = "";

    [JsonIgnore]
    public Guid LinkId { get; init; }

    public DateTime CreatedAt { get; init; }
    public DateTime? ReadAt { get; init; }
    public bool Read => ReadAt is not null;
}

public sealed record UnreadCount(int Unread);

/// <summary>
/// GET /api/success/notifications, .../unread-count, POST .../{id}/read, .../read-all: the caller's own inbox only.
/// The account, if the notice has one, must still be visible to the caller (docs/product.md §6): someone taken off the team stops seeing its notices.
/// </summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("/api/success/notifications").WithTags("Notifications");
        notifications.MapGet("/", ListAsync).WithSummary("The caller's own notifications, newest first");
        notifications.MapGet("/unread-count", UnreadCountAsync).WithSummary("How many of the caller's notifications are unread");
        notifications.MapPost("/{id:guid}/read", MarkReadAsync).WithSummary("Mark one of the caller's notifications read");
        notifications.MapPost("/read-all", MarkAllReadAsync).WithSummary("Mark all of the caller's notifications read");
        notifications.MapGet("/settings", DigestSettings.GetAsync).WithSummary("The caller's daily-digest choice");
        notifications.MapPut("/settings", DigestSettings.PutAsync).WithSummary("Change the caller's daily-digest choice");
        return app;
    }

    // A notice about the caller personally (no account) is theirs alone; one about an account only while it is visible.
    private const string Visible = "n.user_id = @me AND (n.account_id IS NULL OR {0})";

    public static async Task<Ok<Page<NotificationResponse>>> ListAsync(
        bool? unread, int? limit, string? cursor, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var take = Paging.Limit(limit);
        var caller = Caller.From(user);
        var parameters = new DynamicParameters(new { me = caller.UserId, unread = unread == true, after = Paging.DecodeId(cursor), take = take + 1 });
        var scope = AccountScope.Predicate(caller, parameters, "d");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<NotificationResponse>(
            $"""
            SELECT n.id, n.account_id, n.kind, n.text, n.params::text AS params_json, n.link_kind, n.link_id, n.created_at, n.read_at
            FROM notifications n LEFT JOIN account_directory d ON d.id = n.account_id
            WHERE {string.Format(Visible, scope)} AND (NOT @unread OR n.read_at IS NULL) AND (@after::uuid IS NULL OR n.id < @after::uuid)
            ORDER BY n.id DESC LIMIT @take
            """, parameters)).ToList();
        return TypedResults.Ok(Paging.ToPage(rows, take, n => n.Id.ToString()));
    }

    public static async Task<Ok<UnreadCount>> UnreadCountAsync(ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var parameters = new DynamicParameters(new { me = caller.UserId });
        var scope = AccountScope.Predicate(caller, parameters, "d");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var count = await connection.ExecuteScalarAsync<int>(
            $"SELECT count(*) FROM notifications n LEFT JOIN account_directory d ON d.id = n.account_id WHERE {string.Format(Visible, scope)} AND n.read_at IS NULL",
            parameters);
        return TypedResults.Ok(new UnreadCount(count));
    }

    /// <summary>Marking read is idempotent: reading a read notification keeps its first read time.</summary>
    public static async Task<Ok<UnreadCount>> MarkReadAsync(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var parameters = new DynamicParameters(new { me = caller.UserId, id });
        var scope = AccountScope.Predicate(caller, parameters, "d");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var found = await connection.ExecuteScalarAsync<bool>(
            $"""
            WITH target AS (
                SELECT n.id FROM notifications n LEFT JOIN account_directory d ON d.id = n.account_id WHERE n.id = @id AND {string.Format(Visible, scope)}),
            marked AS (UPDATE notifications SET read_at = clock_timestamp() WHERE id IN (SELECT id FROM target) AND read_at IS NULL)
            SELECT EXISTS (SELECT 1 FROM target)
            """, parameters);
        if (!found)
        {
            throw SuccessAccess.NotFound("notification", id);
        }

        return await UnreadCountAsync(user, db, cancellationToken);
    }

    public static async Task<Ok<UnreadCount>> MarkAllReadAsync(ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using (var connection = await db.OpenConnectionAsync(cancellationToken))
        {
            await connection.ExecuteAsync(
                "UPDATE notifications SET read_at = clock_timestamp() WHERE user_id = @me AND read_at IS NULL", new { me = caller.UserId });
        }

        return await UnreadCountAsync(user, db, cancellationToken);
    }
}
