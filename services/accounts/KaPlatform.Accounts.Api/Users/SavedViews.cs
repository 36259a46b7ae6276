using System.Security.Claims;
using System.Text.Json;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Users;

/// <summary>A saved view: a name for one list's query (filters, sort, page size) as the workspace's address holds it.</summary>
public sealed record SavedView(string List, string Name, IReadOnlyDictionary<string, string> Query, DateTime UpdatedAt);

public sealed record SavedViewList(IReadOnlyList<SavedView> Items);

public sealed record SaveViewRequest(
    [property: OneOf(typeof(SavedViews), nameof(SavedViews.Lists))] string? List, string? Name, Dictionary<string, string?>? Query);

/// <summary>
/// The caller's own saved views (docs/workspace.md "Lists"): GET /api/users/me/views?list=, PUT /api/users/me/views
/// (a name already saved is replaced), DELETE /api/users/me/views?list=&amp;name=. Nobody reads another person's views.
/// </summary>
public static class SavedViews
{
    internal static readonly string[] Lists = ["accounts", "opportunities", "contracts"];
    private const int MaxViews = 50;
    private const int MaxName = 80;
    private const int MaxKeys = 20;
    private const int MaxValue = 200;

    private sealed record Row(string List, string Name, string Query, DateTime UpdatedAt)
    {
        public SavedView ToView() => new(List, Name, JsonSerializer.Deserialize<Dictionary<string, string>>(Query, Json.Options) ?? [], UpdatedAt);
    }

    public static async Task<Ok<SavedViewList>> ListAsync(
        [OneOf(typeof(SavedViews), nameof(Lists))] string? list, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.OneOf("list", list, Lists, required: true);
        errors.ThrowIfAny();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT list, name, query::text AS query, updated_at FROM saved_views WHERE user_id = @user AND list = @list ORDER BY name",
            new { user = Caller.From(user).UserId, list }, cancellationToken: cancellationToken));
        return TypedResults.Ok(new SavedViewList([.. rows.Select(r => r.ToView())]));
    }

    public static async Task<Ok<SavedView>> SaveAsync(SaveViewRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.OneOf("list", request.List, Lists, required: true);
        var name = errors.Text("name", request.Name, MaxName, required: true);
        var query = request.Query ?? [];
        errors.Check(query.Count <= MaxKeys, "query", $"at most {MaxKeys} parameters.");
        errors.Check(query.All(q => q.Key.Length is > 0 and <= 40 && (q.Value?.Length ?? 0) <= MaxValue), "query",
            $"parameter names of 1 to 40 characters, values of at most {MaxValue} characters.");
        errors.ThrowIfAny();
        var kept = query.Where(q => !string.IsNullOrEmpty(q.Value)).ToDictionary(q => q.Key, q => q.Value!);
        var caller = Caller.From(user);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One writer per user and list at a time, so two saves cannot both pass the cap.
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
            new { key = $"saved_views:{caller.UserId}:{request.List}" }, transaction);
        var count = await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM saved_views WHERE user_id = @user AND list = @List AND name <> @name",
            new { user = caller.UserId, request.List, name }, transaction);
        if (count >= MaxViews)
        {
            throw new BusinessRuleException("too_many_views", $"At most {MaxViews} saved views per list; delete one first.",
                extensions: new Dictionary<string, object?> { ["params"] = new Dictionary<string, object?> { ["max"] = MaxViews } });
        }

        var row = await connection.QuerySingleAsync<Row>(
            """
            INSERT INTO saved_views (user_id, list, name, query) VALUES (@user, @List, @name, @query::jsonb)
            ON CONFLICT (user_id, list, name) DO UPDATE SET query = EXCLUDED.query, updated_at = now()
            RETURNING list, name, query::text AS query, updated_at
            """, new { user = caller.UserId, request.List, name, query = JsonSerializer.Serialize(kept, Json.Options) }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(row.ToView());
    }

    public static async Task<NoContent> DeleteAsync(
        [OneOf(typeof(SavedViews), nameof(Lists))] string? list, string? name, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.OneOf("list", list, Lists, required: true);
        errors.Text("name", name, MaxName, required: true);
        errors.ThrowIfAny();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        // Deleting a view that is not there is not an error: the outcome the caller wants holds either way.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM saved_views WHERE user_id = @user AND list = @list AND name = @name",
            new { user = Caller.From(user).UserId, list, name = name!.Trim() }, cancellationToken: cancellationToken));
        return TypedResults.NoContent();
    }
}
