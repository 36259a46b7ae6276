using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.Api.Stakeholders;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.InfluenceLinks;

public sealed record AddInfluenceLinkRequest(
    Guid? FromId, Guid? ToId, [property: OneOf(typeof(InfluenceLink), nameof(InfluenceLink.Kinds))] string? Kind, int? Strength, string? Note);

/// <summary>
/// POST /api/accounts/{id}/influence-links: both ends are active stakeholders of this account, never the same person,
/// and one link of a kind joins two people once.
/// </summary>
public static class AddInfluenceLink
{
    /// <summary>A class: Dapper maps uuid[] onto a property, not onto a constructor parameter.</summary>
    private sealed class End
    {
        public Guid Id { get; init; }
        public Guid AccountId { get; init; }
        public string Status { get; init; } = "";
        public bool Confidential { get; init; }
        public Guid[] ConfidentialTo { get; init; } = [];
    }

    private const string Insert = $"""
        WITH l AS (
            INSERT INTO influence_links (id, account_id, from_id, to_id, kind, strength, note, created_by)
            VALUES (@Id, @AccountId, @FromId, @ToId, @Kind, @Strength, @Note, @CreatedBy)
            RETURNING *)
        SELECT {InfluenceLink.Columns} FROM l
        """;

    public static async Task<Created<InfluenceLink>> HandleAsync(
        Guid id, AddInfluenceLinkRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var errors = new FieldErrors();
        errors.Check(request.FromId is not null, "fromId", "is required (a stakeholder id).");
        errors.Check(request.ToId is not null, "toId", "is required (a stakeholder id).");
        errors.NotEmpty("fromId", request.FromId);
        errors.NotEmpty("toId", request.ToId);
        errors.OneOf("kind", request.Kind, InfluenceLink.Kinds, required: true);
        errors.Range("strength", request.Strength, 1, 3, required: true);
        var note = errors.Text("note", request.Note, 2000);
        errors.ThrowIfAny();
        if (request.FromId == request.ToId)
        {
            throw new BusinessRuleException("self_link", "A person cannot be linked to themselves.");
        }

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var account = await AccountAccess.LockForWriteAsync(work, caller, id, cancellationToken);
        var ends = (await work.Connection.QueryAsync<End>(new CommandDefinition(
            """
            SELECT id, account_id AS accountid, status, confidential, confidential_to AS confidentialto
            FROM stakeholders WHERE id = ANY(@ids)
            """, new { ids = new[] { request.FromId!.Value, request.ToId!.Value } }, work.Transaction, cancellationToken: cancellationToken))).ToList();
        if (ends.Count != 2 || ends.Any(e => e.AccountId != id))
        {
            throw new BusinessRuleException("link_across_accounts", "Both ends must be stakeholders of this account.");
        }

        if (ends.Any(e => e.Confidential && !ProtectedContacts.MayAlwaysSee(caller, account.OwnerId) && !e.ConfidentialTo.Contains(caller.UserId)))
        {
            throw Missing.Of("stakeholder");
        }

        if (ends.FirstOrDefault(e => e.Status != "active") is { } departed)
        {
            throw new BusinessRuleException("stakeholder_departed", "A person who has left the customer cannot be linked.",
                extensions: new Dictionary<string, object?> { ["stakeholderId"] = departed.Id });
        }

        var exists = await work.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM influence_links WHERE from_id = @FromId AND to_id = @ToId AND kind = @Kind)",
            new { request.FromId, request.ToId, request.Kind }, work.Transaction, cancellationToken: cancellationToken));
        if (exists)
        {
            throw new BusinessRuleException("duplicate_link", "These two people are already linked with this kind.", StatusCodes.Status409Conflict);
        }

        var link = await work.Connection.QuerySingleAsync<InfluenceLink>(new CommandDefinition(Insert, new
        {
            Id = Guid.CreateVersion7(),
            AccountId = id,
            request.FromId,
            request.ToId,
            request.Kind,
            request.Strength,
            Note = note,
            CreatedBy = caller.UserId,
        }, work.Transaction, cancellationToken: cancellationToken));
        await work.AuditAsync(caller, "influence_link", link.Id, "added", link, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/accounts/{id}/influence-links/{link.Id}", link);
    }
}
