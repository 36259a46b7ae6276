using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KaPlatform.ServiceDefaults.Http;

/// <summary>
/// docs/product.md §0: a POST repeated with the same Idempotency-Key (per user) answers the first result instead of creating
/// twice — the retry of a client that lost the first answer. A key still being processed answers 409; a key reused
/// on another path or with another body (SHA-256 of its bytes) 422. Only successful results are kept, so a corrected
/// request may reuse its key. A replay is only for a caller who may still see the account the first answer belongs to
/// (its `accountId`, or its `id` on account creation): one who lost access since gets 404, like any unseen resource.
/// </summary>
/// <remarks>
/// The request that owns a key holds a PostgreSQL advisory lock on it for as long as it runs, on a connection of its
/// own: a process that dies (even SIGKILL) drops the connection and with it the lock. So "pending and unlocked" means
/// the first attempt died before its change committed, and the retry runs at once; "committed" (set in the change's
/// own transaction, <see cref="IdempotencyClaim"/>) means it died after, and the retry is told what was created
/// (409 <c>idempotency_answer_lost</c>) instead of creating it again.
/// </remarks>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    private SemaphoreSlim? owners;

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
        var hash = await HashBodyAsync(context.Request);
        var gate = Owners(db);
        await gate.WaitAsync(context.RequestAborted);
        try
        {
            await using var owner = await db.OpenConnectionAsync();
            var lockName = $"idempotency:{userId}:{key}";
            if (!await owner.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(hashtextextended(@lockName, 0))", new { lockName }))
            {
                throw await ConcurrentRefusalAsync(owner, key, userId, path, hash);
            }

            try
            {
                if (await ClaimAsync(context, owner, key, userId, path, hash))
                {
                    await RunAsync(context, owner, key, userId);
                }
            }
            finally
            {
                // Pooled connections outlive the request: the lock must not.
                await owner.ExecuteAsync("SELECT pg_advisory_unlock(hashtextextended(@lockName, 0))", new { lockName });
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Each keyed request holds a pooled connection for the lock while its handler needs more: at most half the pool
    /// holds locks, so a burst of keyed POSTs queues here instead of starving its own handlers of connections.
    /// </summary>
    private SemaphoreSlim Owners(NpgsqlDataSource db)
    {
        if (owners is null)
        {
            var half = Math.Max(1, new NpgsqlConnectionStringBuilder(db.ConnectionString).MaxPoolSize / 2);
            Interlocked.CompareExchange(ref owners, new SemaphoreSlim(half, half), null);
        }

        return owners;
    }

    private async Task RunAsync(HttpContext context, NpgsqlConnection owner, string key, Guid userId)
    {
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        IdempotencyClaim.Current = new IdempotencyClaim(key, userId);
        try
        {
            await next(context);
        }
        catch
        {
            // A refusal thrown as an exception (400/422 problem details) must free the key like a returned one, or
            // the corrected request with the same key would be told "still being processed".
            await ForgetAsync(owner, key, userId);
            throw;
        }
        finally
        {
            IdempotencyClaim.Current = null;
            context.Response.Body = original;
        }

        if (context.Response.StatusCode is >= 200 and < 300)
        {
            await owner.ExecuteAsync(
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
            await ForgetAsync(owner, key, userId);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original);
    }

    /// <summary>Another request holds the key right now: 422 if it is another operation or body, else 409.</summary>
    private static async Task<BusinessRuleException> ConcurrentRefusalAsync(NpgsqlConnection connection, string key, Guid userId, string path, byte[] hash)
    {
        var first = await connection.QuerySingleOrDefaultAsync<(string RequestPath, byte[]? RequestHash)?>(
            "SELECT request_path, request_hash FROM idempotency_keys WHERE key = @key AND user_id = @userId", new { key, userId });
        if (first is { } row && !SameRequest(row.RequestPath, row.RequestHash, path, hash))
        {
            return KeyReused();
        }

        return new BusinessRuleException("idempotency_in_progress", "A request with this Idempotency-Key is still being processed.", StatusCodes.Status409Conflict);
    }

    /// <summary>The same operation with the same body (rows from before the body digest have none and match any body).</summary>
    private static bool SameRequest(string firstPath, byte[]? firstHash, string path, byte[] hash) =>
        firstPath == path && (firstHash is null || firstHash.AsSpan().SequenceEqual(hash));

    private static BusinessRuleException KeyReused() =>
        new("idempotency_key_reused", "This Idempotency-Key was already used for another request (another operation or another body).");

    /// <summary>Frees a key whose request changed nothing; a committed change keeps its key (its retry must not run again).</summary>
    private static Task ForgetAsync(NpgsqlConnection connection, string key, Guid userId) =>
        connection.ExecuteAsync("DELETE FROM idempotency_keys WHERE key = @key AND user_id = @userId AND state = 'pending'", new { key, userId });

    private static async Task<byte[]> HashBodyAsync(HttpRequest request)
    {
        request.EnableBuffering();
        var hash = await SHA256.HashDataAsync(request.Body, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return hash;
    }

    /// <summary>
    /// True when this request may run; otherwise the answer (replay, 404, 409, 422) has been written. Called holding the
    /// key's lock, so a pending row left behind belongs to an attempt that died before committing: it is taken over.
    /// </summary>
    private static async Task<bool> ClaimAsync(HttpContext context, NpgsqlConnection connection, string key, Guid userId, string path, byte[] hash)
    {
        var claimed = await connection.ExecuteAsync(
            """
            INSERT INTO idempotency_keys (key, user_id, request_path, state, request_hash) VALUES (@key, @userId, @path, 'pending', @hash)
            ON CONFLICT (key, user_id) DO UPDATE SET created_at = clock_timestamp(), request_hash = @hash
                WHERE idempotency_keys.state = 'pending' AND idempotency_keys.request_path = @path
            """,
            new { key, userId, path, hash });
        if (claimed == 1)
        {
            return true;
        }

        var first = await connection.QuerySingleAsync<(string RequestPath, string State, int? StatusCode, string? Location, string? ContentType, byte[]? Body, byte[]? RequestHash, string? EntityType, Guid? EntityId)>(
            """
            SELECT request_path, state, status_code, location, content_type, body, request_hash, entity_type, entity_id
            FROM idempotency_keys WHERE key = @key AND user_id = @userId
            """,
            new { key, userId });
        if (!SameRequest(first.RequestPath, first.RequestHash, path, hash))
        {
            throw KeyReused();
        }

        var accountId = first.State == "done" ? AccountOf(path, first.Body) : first.EntityType == "account" ? first.EntityId : null;
        if (accountId is { } account && !await StillVisibleAsync(connection, context, account))
        {
            throw new BusinessRuleException("not_found", "The resource does not exist or is not visible to you.", StatusCodes.Status404NotFound);
        }

        if (first.State != "done")
        {
            // Committed, but the process died before it could store the answer: the change is there, once.
            throw new BusinessRuleException("idempotency_answer_lost",
                "The first request with this Idempotency-Key was applied, but its answer was lost; read the record it names.",
                StatusCodes.Status409Conflict,
                new Dictionary<string, object?> { ["entityType"] = first.EntityType, ["entityId"] = first.EntityId });
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

    /// <summary>The account the first answer belongs to: its `accountId`, or its `id` when it is an account.</summary>
    private static Guid? AccountOf(string path, byte[]? body)
    {
        if (body is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var member = path.TrimEnd('/').Equals("/api/accounts", StringComparison.OrdinalIgnoreCase) ? "id" : "accountId";
            return document.RootElement.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetGuid(out var id) ? id : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<bool> StillVisibleAsync(NpgsqlConnection connection, HttpContext context, Guid accountId)
    {
        var parameters = new DynamicParameters(new { accountId });
        var scope = AccountScope.Predicate(Caller.From(context.User), parameters, "a");
        var table = context.RequestServices.GetService<IdempotencyAccountTable>()?.Name ?? IdempotencyAccountTable.Directory;
        return await connection.ExecuteScalarAsync<bool>(
            $"SELECT EXISTS (SELECT 1 FROM {table} a WHERE a.id = @accountId AND {scope})", parameters);
    }
}

/// <summary>The table of account rows (region, owner_id, team_user_ids) a replay checks visibility against; the account directory unless a service registers its own.</summary>
public sealed record IdempotencyAccountTable(string Name)
{
    public const string Directory = "account_directory";
}
