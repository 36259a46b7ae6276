using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Problems;
using KaPlatform.Success.Api.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Success.Api.Alerts;

public sealed class AlertResponse
{
    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public string AccountName { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Severity { get; init; } = "";
    public string Reason { get; init; } = "";

    /// <summary>The reason's stable code (docs/product.md §0); null on alerts raised before codes existed, where the kind says enough.</summary>
    public string? Code { get; init; }

    public JsonElement Params => JsonSerializer.Deserialize<JsonElement>(ParamsJson ?? "{}");

    [JsonIgnore]
    public string? ParamsJson { get; init; }

    /// <summary>The playbook steps as codes, index for index, for clients that show them in the reader's language.</summary>
    public string[] PlaybookCodes => RiskAlerts.PlaybookCodes(Kind);
    public string[] Playbook { get; init; } = [];
    public string Status { get; init; } = "";
    public DateTime RaisedAt { get; init; }
    public DateTime? AcknowledgedAt { get; init; }
    public Guid? AcknowledgedBy { get; init; }
    public DateTime? ResolvedAt { get; init; }
    public Guid? ResolvedBy { get; init; }
    public string? Note { get; init; }
    public int Version { get; init; }
}

public sealed record AlertStatusRequest(string? Note);

/// <summary>GET /api/success/alerts, POST .../{id}/acknowledge|resolve (docs/product.md §4.2).</summary>
public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/success/alerts").WithTags("Risk alerts");
        alerts.MapGet("/", ListAsync).WithSummary("Risk alerts on the accounts the caller may see, most severe and newest first");
        alerts.MapPost("/{id:guid}/acknowledge", AcknowledgeAsync).ChecksIfMatch().WithSummary("Acknowledge an alert: someone is on it");
        alerts.MapPost("/{id:guid}/resolve", ResolveAsync).ChecksIfMatch().WithSummary("Resolve an alert");
        return app;
    }

    private static readonly string[] Statuses = ["open", "acknowledged", "resolved"];

    private const string Columns = """
        a.id, a.account_id, d.name AS account_name, a.kind, a.severity, a.reason, a.reason_code AS code, a.reason_params::text AS params_json, a.playbook, a.status, a.raised_at,
        a.acknowledged_at, a.acknowledged_by, a.resolved_at, a.resolved_by, a.note, a.version
        """;

    public static async Task<Ok<Page<AlertResponse>>> ListAsync(
        [OneOf(typeof(AlertsApi), nameof(Statuses))] string? status, Guid? accountId, [OneOf(typeof(RiskAlerts), nameof(RiskAlerts.Kinds))] string? kind, int? limit, string? cursor, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new FieldErrors()
            .Check(status is null || Statuses.Contains(status), "status", $"one of {string.Join(", ", Statuses)}")
            .Check(kind is null || RiskAlerts.Kinds.Contains(kind), "kind", $"one of {string.Join(", ", RiskAlerts.Kinds)}")
            .ThrowIfAny();

        var take = Paging.Limit(limit);
        var parameters = new DynamicParameters(new { status, accountId, kind, after = Paging.DecodeId(cursor), take = take + 1 });
        var scope = AccountScope.Predicate(Caller.From(user), parameters, "d");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<AlertResponse>(
            $"""
            SELECT {Columns} FROM alerts a JOIN account_directory d ON d.id = a.account_id
            WHERE {scope} AND (@status::text IS NULL OR a.status = @status) AND (@accountId::uuid IS NULL OR a.account_id = @accountId)
              AND (@kind::text IS NULL OR a.kind = @kind) AND (@after::uuid IS NULL OR a.id < @after::uuid)
            ORDER BY a.id DESC LIMIT @take
            """, parameters)).ToList();
        return TypedResults.Ok(Paging.ToPage(rows, take, a => a.Id.ToString()));
    }

    public static Task<Ok<AlertResponse>> AcknowledgeAsync(
        Guid id, AlertStatusRequest? request, HttpRequest http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken) =>
        ChangeAsync(id, "acknowledged", request, http, user, db, cancellationToken);

    public static Task<Ok<AlertResponse>> ResolveAsync(
        Guid id, AlertStatusRequest? request, HttpRequest http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken) =>
        ChangeAsync(id, "resolved", request, http, user, db, cancellationToken);

    private static async Task<Ok<AlertResponse>> ChangeAsync(
        Guid id, string target, AlertStatusRequest? request, HttpRequest http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (request?.Note is { Length: > 2000 })
        {
            throw FieldErrors.Invalid("note", "at most 2000 characters");
        }

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var alert = await FindAsync(work, caller, id, forUpdate: true) ?? throw SuccessAccess.NotFound("alert", id);
        caller.Require(SuccessAccess.Writers);
        Concurrency.Check(http, alert.Version);
        if (alert.Status == "resolved" || alert.Status == target)
        {
            throw new BusinessRuleException(alert.Status == "resolved" ? "alert_resolved" : "alert_already_acknowledged",
                $"The alert is already {alert.Status}.", extensions: new Dictionary<string, object?> { ["status"] = alert.Status });
        }

        var stamp = target == "acknowledged" ? "acknowledged_at = clock_timestamp(), acknowledged_by = @by" : "resolved_at = clock_timestamp(), resolved_by = @by";
        await work.Connection.ExecuteAsync(
            $"UPDATE alerts SET status = @target, {stamp}, note = coalesce(@note, note), version = version + 1 WHERE id = @id",
            new { id, target, by = caller.UserId, note = request?.Note }, work.Transaction);
        await work.AuditAsync(caller, "alert", id, target, new { from = alert.Status, to = target, note = request?.Note }, cancellationToken);
        var changed = (await FindAsync(work, caller, id, forUpdate: false))!;
        await work.CommitAsync(cancellationToken);
        http.HttpContext.Response.Headers.ETag = Concurrency.ETag(changed.Version);
        return TypedResults.Ok(changed);
    }

    private static async Task<AlertResponse?> FindAsync(UnitOfWork work, Caller caller, Guid id, bool forUpdate)
    {
        var parameters = new DynamicParameters(new { id });
        var scope = AccountScope.Predicate(caller, parameters, "d");
        return await work.Connection.QuerySingleOrDefaultAsync<AlertResponse>(
            $"SELECT {Columns} FROM alerts a JOIN account_directory d ON d.id = a.account_id WHERE a.id = @id AND {scope} {(forUpdate ? "FOR UPDATE OF a" : "")}",
            parameters, work.Transaction);
    }
}
