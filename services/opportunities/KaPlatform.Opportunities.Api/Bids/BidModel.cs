using System.Text.Json.Serialization;
using Dapper;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Bids;

public sealed record BidBond(decimal Amount, DateOnly? DueDate, bool Returned);

public sealed record BidDocument(string Name, Guid? OwnerId, string Status);

public sealed record Clarification(string Question, string? Answer, DateTimeOffset? AskedAt);

public sealed record BidTeamMember(Guid UserId, string? Role);

public sealed class BidResponse
{
    public const string Columns = """
        b.id, b.opportunity_id, b.account_id, b.tender_ref, b.issuer, b.submission_deadline, b.bid_bond::text AS bid_bond_json,
        b.price, b.currency, b.team::text AS team_json, b.documents::text AS documents_json, b.clarifications::text AS clarifications_json,
        b.status, b.decision, b.decision_reason, b.submitted_at, b.outcome_reason, b.created_at, b.updated_at, b.version
        """;

    public Guid Id { get; init; }
    public Guid OpportunityId { get; init; }
    public Guid AccountId { get; init; }
    public string TenderRef { get; init; } = "";
    public string Issuer { get; init; } = "";
    public DateTime SubmissionDeadline { get; init; }
    public decimal? Price { get; init; }
    public string Currency { get; init; } = "";
    public string Status { get; init; } = "";
    public string? Decision { get; init; }
    public string? DecisionReason { get; init; }
    public DateTime? SubmittedAt { get; init; }
    public string? OutcomeReason { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }

    [JsonIgnore] public string? BidBondJson { get; init; }
    [JsonIgnore] public string TeamJson { get; init; } = "[]";
    [JsonIgnore] public string DocumentsJson { get; init; } = "[]";
    [JsonIgnore] public string ClarificationsJson { get; init; } = "[]";

    public BidBond? BidBond => JsonColumn.Read<BidBond?>(BidBondJson, null);
    public IReadOnlyList<BidTeamMember> Team => JsonColumn.Read<List<BidTeamMember>>(TeamJson, []);
    public IReadOnlyList<BidDocument> Documents => JsonColumn.Read<List<BidDocument>>(DocumentsJson, []);
    public IReadOnlyList<Clarification> Clarifications => JsonColumn.Read<List<Clarification>>(ClarificationsJson, []);
}

public sealed record BidBondInput(decimal? Amount, DateOnly? DueDate, bool? Returned);

public sealed record BidDocumentInput(string? Name, Guid? OwnerId, [property: OneOf(typeof(BidFields), nameof(BidFields.DocumentStatuses))] string? Status);

public sealed record ClarificationInput(string? Question, string? Answer, DateTimeOffset? AskedAt);

public sealed record BidTeamMemberInput(Guid? UserId, string? Role);

/// <summary>The fields a bid is prepared or patched with: all optional on PATCH, lists replaced whole.</summary>
public record BidFields(
    string? TenderRef, string? Issuer, DateTimeOffset? SubmissionDeadline, BidBondInput? BidBond, decimal? Price, string? Currency,
    List<BidTeamMemberInput?>? Team, List<BidDocumentInput?>? Documents, List<ClarificationInput?>? Clarifications)
{
    public static readonly string[] DocumentStatuses = ["todo", "done"];

    internal FieldErrors Validate(bool creating)
    {
        var v = new FieldErrors()
            .Length("tenderRef", TenderRef, required: creating)
            .Length("issuer", Issuer, required: creating)
            .Check(!creating || SubmissionDeadline is not null, "submissionDeadline", "The submission deadline (ISO-8601 instant).")
            .Money("bidBond.amount", BidBond?.Amount, required: BidBond is not null)
            .Money("price", Price, required: false)
            .Currency("currency", Currency);
        for (var i = 0; i < (Team?.Count ?? 0); i++)
        {
            v.Id($"team[{i}].userId", Team![i]?.UserId).Length($"team[{i}].role", Team[i]?.Role, 100, required: false);
        }

        for (var i = 0; i < (Documents?.Count ?? 0); i++)
        {
            v.Length($"documents[{i}].name", Documents![i]?.Name).Id($"documents[{i}].ownerId", Documents[i]?.OwnerId, required: false)
                .Choice($"documents[{i}].status", Documents[i]?.Status ?? "todo", DocumentStatuses);
        }

        for (var i = 0; i < (Clarifications?.Count ?? 0); i++)
        {
            v.Length($"clarifications[{i}].question", Clarifications![i]?.Question, 4000)
                .Length($"clarifications[{i}].answer", Clarifications[i]?.Answer, 4000, required: false);
        }

        return v;
    }

    internal string? BondJson => BidBond is null ? null : JsonColumn.Write(new BidBond(BidBond.Amount!.Value, BidBond.DueDate, BidBond.Returned ?? false));
    internal string? TeamJson => Team is null ? null : JsonColumn.Write(Team.Select(t => new BidTeamMember(t!.UserId!.Value, t.Role)).ToList());
    internal string? DocumentsJson => Documents is null ? null : JsonColumn.Write(Documents.Select(d => new BidDocument(d!.Name!.Trim(), d.OwnerId, d.Status ?? "todo")).ToList());

    /// <summary>A question logged without a time was asked now.</summary>
    internal string? ClarificationsJson => Clarifications is null ? null : JsonColumn.Write(Clarifications
        .Select(c => new Clarification(c!.Question!.Trim(), c.Answer, c.AskedAt ?? DateTimeOffset.UtcNow)).ToList());
}

internal static class BidStore
{
    public static Task<BidResponse?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Caller caller, Guid id, bool forUpdate = false) =>
        Access.FindVisibleAsync<BidResponse>(connection, transaction, caller, "bids", "b", BidResponse.Columns, id, forUpdate);

    /// <summary>404 unseen, 403 for roles that only read.</summary>
    public static async Task<BidResponse> FindForWriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Caller caller, Guid id)
    {
        var bid = Access.Found(await FindAsync(connection, transaction, caller, id, forUpdate: true));
        caller.Require(Access.Sellers);
        return bid;
    }

    /// <summary>Sets the given columns (a fixed whitelist per use case), bumps the version and answers the new row.</summary>
    public static Task<BidResponse> UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, string assignments, object values)
    {
        var parameters = new DynamicParameters(values);
        parameters.Add("bid_id", id);
        return connection.QuerySingleAsync<BidResponse>(
            $"UPDATE bids b SET {assignments}, updated_at = clock_timestamp(), version = version + 1 WHERE id = @bid_id RETURNING {BidResponse.Columns}",
            parameters, transaction);
    }
}
