using System.Security.Claims;
using System.Text.Json;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Stakeholders;

/// <summary>
/// GET (anyone signed in: the workspace shows the tips) and PUT (admin, If-Match) /api/accounts/settings/behavior-styles.
/// PUT replaces the whole document; a style left out has no tips.
/// </summary>
public static class ChangeBehaviorStyles
{
    private const int MaxTips = 20;

    public static async Task<Ok<BehaviorStyles>> GetAsync(HttpResponse response, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var (settings, version) = await BehaviorStyles.LoadAsync(connection, null, cancellationToken);
        response.Headers.ETag = Concurrency.ETag(version);
        return TypedResults.Ok(settings);
    }

    public static async Task<Ok<BehaviorStyles>> PutAsync(
        JsonElement body, ClaimsPrincipal user, HttpContext http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(Roles.Admin);
        var settings = RequestBody.Read<BehaviorStyles>(body);
        var errors = new FieldErrors();
        errors.Check(settings.Tips is not null && settings.Tips.Keys.All(BehaviorStyles.Styles.Contains), "tips",
            $"keys are behaviour styles: {string.Join(", ", BehaviorStyles.Styles)}.");
        errors.Check(settings.Tips is null || settings.Tips.Values.All(list => list is not null && list.Count <= MaxTips && list.All(Valid)),
            "tips", $"up to {MaxTips} tips per style, each {{code, en, zh}} with non-empty texts of at most 500 characters.");
        errors.ThrowIfAny();

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await work.Connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('accounts.settings'))", transaction: work.Transaction);
        var (before, version) = await BehaviorStyles.LoadAsync(work.Connection, work.Transaction, cancellationToken);
        Concurrency.Check(http.Request, version);
        var next = await work.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            INSERT INTO account_settings (key, value, updated_by) VALUES (@Key, @Value::jsonb, @UserId)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = account_settings.version + 1,
                updated_by = EXCLUDED.updated_by, updated_at = clock_timestamp()
            RETURNING version
            """, new { BehaviorStyles.Key, Value = JsonSerializer.Serialize(settings, Json.Options), caller.UserId },
            work.Transaction, cancellationToken: cancellationToken));
        await work.AuditAsync(caller, "behavior_styles", Guid.Empty, "changed", new { before, after = settings }, cancellationToken);
        await work.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = Concurrency.ETag(next);
        return TypedResults.Ok(settings);
    }

    private static bool Valid(CommunicationTip? tip) =>
        tip is not null && new[] { tip.Code, tip.En, tip.Zh }.All(t => !string.IsNullOrWhiteSpace(t) && t.Length <= 500);
}
