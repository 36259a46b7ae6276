using System.Security.Claims;
using System.Text.Json;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Classification;

/// <summary>GET /api/accounts/{id}/classification: the current result (newest fiscal year, latest assessment) and every one before.</summary>
public static class GetClassification
{
    public static async Task<Ok<ClassificationView>> HandleAsync(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await AccountAccess.ReadAsync(connection, Caller.From(user), id, cancellationToken);
        var history = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT result::text FROM assessments WHERE account_id = @id ORDER BY assessed_at DESC, id DESC", new { id }, cancellationToken: cancellationToken)))
            .Select(json => JsonSerializer.Deserialize<AccountClassification>(json, Json.Options)!)
            .ToList();
        var current = history.OrderByDescending(h => h.FiscalYear).ThenByDescending(h => h.AssessedAt).FirstOrDefault();
        return TypedResults.Ok(new ClassificationView(current, history));
    }
}
