using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace KaPlatform.ServiceDefaults.Http;

/// <summary>
/// SPEC §0: a POST repeated with the same Idempotency-Key (per user) answers the first result instead of creating
/// twice — the retry of a client that lost the first answer. A key still being processed answers 409; a key reused
/// on another path 422. Only successful results are kept, so a corrected request may reuse its key.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    private static readonly TimeSpan StalePending = TimeSpan.FromMinutes(1);

    public async Task InvokeAsync(HttpContext context, NpgsqlDataSource db)
    {
        var key = context.Request.Headers[Header].ToString();
        if (!HttpMethods.IsPost(context.Request.Method) || key.Length == 0 || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        if (key.Length > 200)
        {
            throw new BusinessRuleException("invalid_idempotency_key", "Idempotency-Key is limited to 200 characters.", StatusCodes.Status400BadRequest);
        }

        var userId = Caller.From(context.User).UserId;
        var path = context.Request.Path.Value ?? "";
        if (!await ClaimAsync(context, db, key, userId, path))
        {
            return;
        }

        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            // A refusal thrown as an exception (400/422 problem details) must free the key like a returned one, or
            // the corrected request with the same key would be told "still being processed" for a minute.
            await ForgetAsync(db, key, userId);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode is >= 200 and < 300)
        {
            await using var connection = await db.OpenConnectionAsync();
            await connection.ExecuteAsync(
                """
                UPDATE idempotency_keys SET state = 'done', status_code = @StatusCode, location = @Location,
                       content_type = @ContentType, body = @Body
                WHERE key = @key AND user_id = @userId
                """,
                new
                {
                    context.Response.StatusCode,
                    Location = context.Response.Headers.Location.ToString(),
                    context.Response.ContentType,
                    Body = buffer.ToArray(),
                    key,
                    userId,
                });
        }
        else
        {
            await ForgetAsync(db, key, userId);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original);
    }

    private static async Task ForgetAsync(NpgsqlDataSource db, string key, Guid userId)
    {
        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync("DELETE FROM idempotency_keys WHERE key = @key AND user_id = @userId", new { key, userId });
    }

    /// <summary>True when this request may run; otherwise the answer (replay, 409, 422) has been written.</summary>
    private static async Task<bool> ClaimAsync(HttpContext context, NpgsqlDataSource db, string key, Guid userId, string path)
    {
        await using var connection = await db.OpenConnectionAsync();
        var claimed = await connection.ExecuteAsync(
            """
            INSERT INTO idempotency_keys (key, user_id, request_path, state) VALUES (@key, @userId, @path, 'pending')
            ON CONFLICT (key, user_id) DO UPDATE SET created_at = clock_timestamp()
                WHERE idempotency_keys.state = 'pending' AND idempotency_keys.request_path = @path
                  AND idempotency_keys.created_at < clock_timestamp() - @StalePending
            """,
            new { key, userId, path, StalePending });
        if (claimed == 1)
        {
            return true;
        }

        var first = await connection.QuerySingleAsync<(string RequestPath, string State, int? StatusCode, string? Location, string? ContentType, byte[]? Body)>(
            "SELECT request_path, state, status_code, location, content_type, body FROM idempotency_keys WHERE key = @key AND user_id = @userId",
            new { key, userId });
        if (first.RequestPath != path)
        {
            throw new BusinessRuleException("idempotency_key_reused", "This Idempotency-Key was already used for another operation.");
        }

        if (first.State != "done")
        {
            throw new BusinessRuleException("idempotency_in_progress", "A request with this Idempotency-Key is still being processed.", StatusCodes.Status409Conflict);
        }

        context.Response.StatusCode = first.StatusCode ?? StatusCodes.Status200OK;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (!string.IsNullOrEmpty(first.Location))
        {
            context.Response.Headers.Location = first.Location;
        }

        if (first.ContentType is not null)
        {
            context.Response.ContentType = first.ContentType;
        }

        if (first.Body is { Length: > 0 })
        {
            await context.Response.Body.WriteAsync(first.Body);
        }

        return false;
    }
}
