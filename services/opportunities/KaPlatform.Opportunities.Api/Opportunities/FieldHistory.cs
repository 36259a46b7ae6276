using System.Security.Claims;
using System.Text.Json;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Opportunities;

/// <param name="Field">name, amount, currency, expectedCloseDate, ownerId, team or competitors.</param>
/// <param name="OldValue">The value before, in the shape the opportunity answers it (a list for team and competitors); null when it was empty.</param>
public sealed record FieldChange(string Field, JsonElement? OldValue, JsonElement? NewValue, Guid ChangedBy, string ChangedByName, DateTime ChangedAt);

/// <summary>
/// GET /api/opportunities/{id}/history: who changed which of the deal's own fields, when, from what to what — oldest
/// first. Everyone who may see the opportunity may read it (it says nothing the opportunity does not); unseen: 404.
/// Stage moves have their own history in the opportunity (stageHistory).
/// </summary>
public static class FieldHistory
{
    public static readonly string[] Fields = ["name", "amount", "currency", "expectedCloseDate", "ownerId", "team", "competitors"];

    public static async Task<Ok<IReadOnlyList<FieldChange>>> HandleAsync(
        Guid id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        _ = Access.Found(await OpportunityStore.FindAsync(connection, null, Caller.From(user), id));
        var rows = await connection.QueryAsync<(string Field, string? OldValue, string? NewValue, Guid ChangedBy, string ChangedByName, DateTime ChangedAt)>(
            new CommandDefinition(
                """
                SELECT field, old_value::text, new_value::text, changed_by, changed_by_name, changed_at
                FROM opportunity_field_history WHERE opportunity_id = @id ORDER BY changed_at, id
                """, new { id }, cancellationToken: cancellationToken));
        return TypedResults.Ok<IReadOnlyList<FieldChange>>(rows.Select(r => new FieldChange(
            r.Field, Parse(r.OldValue), Parse(r.NewValue), r.ChangedBy, r.ChangedByName, r.ChangedAt)).ToList());
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);

    /// <summary>One row per field whose value differs between before and after, in the same transaction as the change.</summary>
    internal static Task RecordAsync(UnitOfWork work, Caller caller, OpportunityRow before, OpportunityRow after, CancellationToken cancellationToken)
    {
        var changes = new List<(string Field, string? Old, string? New)>();
        void Compare(string field, string? old, string? @new)
        {
            if (old != @new)
            {
                changes.Add((field, old, @new));
            }
        }

        Compare("name", JsonColumn.Write(before.Name), JsonColumn.Write(after.Name));
        Compare("amount", JsonColumn.Write(before.Amount), JsonColumn.Write(after.Amount));
        Compare("currency", JsonColumn.Write(before.Currency), JsonColumn.Write(after.Currency));
        Compare("expectedCloseDate", Date(before.ExpectedCloseDate), Date(after.ExpectedCloseDate));
        Compare("ownerId", JsonColumn.Write(before.OwnerId), JsonColumn.Write(after.OwnerId));
        // jsonb answers its text canonically, so equal lists compare equal as text.
        Compare("team", before.Team, after.Team);
        Compare("competitors", before.Competitors, after.Competitors);
        if (changes.Count == 0)
        {
            return Task.CompletedTask;
        }

        return work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO opportunity_field_history (id, opportunity_id, field, old_value, new_value, changed_by, changed_by_name)
            VALUES (@Id, @OpportunityId, @Field, @Old::jsonb, @New::jsonb, @ChangedBy, @ChangedByName)
            """,
            changes.Select(c => new
            {
                Id = Guid.CreateVersion7(),
                OpportunityId = after.Id,
                c.Field,
                c.Old,
                c.New,
                ChangedBy = caller.UserId,
                ChangedByName = caller.Name,
            }), work.Transaction, cancellationToken: cancellationToken));
    }

    private static string? Date(DateOnly? date) => date is null ? null : JsonColumn.Write(date.Value);
}
