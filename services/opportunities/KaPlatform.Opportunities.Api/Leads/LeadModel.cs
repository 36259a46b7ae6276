using System.Text.Json;
using Dapper;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Problems;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Leads;

public sealed class FollowUp
{
    public Guid Id { get; init; }
    public DateOnly Date { get; init; }
    public string Action { get; init; } = "";
    public string? Result { get; init; }
    public string? NextStep { get; init; }
    public Guid CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>A class, not a positional record: Dapper maps nullable and jsonb-as-text columns onto properties.</summary>
public sealed class LeadResponse
{
    public const string Columns = """
        l.id, l.account_id, l.title, l.source, l.purchase_type, l.estimated_value, l.currency, l.owner_id, l.status,
        l.bant::text AS bant_json, l.opportunity_id, l.disqualify_reason, l.created_at, l.updated_at,
        l.referred_by_account_id, l.referred_by_stakeholder_id
        """;

    public static readonly string[] Sources = ["referral", "exhibition", "inbound", "partner", "existing_customer"];
    public static readonly string[] PurchaseTypes = ["continuous", "occasional"];

    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public string Title { get; init; } = "";
    public string Source { get; init; } = "";
    public string PurchaseType { get; init; } = "";
    public decimal? EstimatedValue { get; init; }
    public string Currency { get; init; } = "";
    public Guid OwnerId { get; init; }
    public string Status { get; init; } = "";
    public Guid? OpportunityId { get; init; }
    public string? DisqualifyReason { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string? BantJson { get; init; }

    /// <summary>The last BANT answers given, whether or not they qualified the lead.</summary>
    public JsonElement? Bant => BantJson is null ? null : JsonSerializer.Deserialize<JsonElement>(BantJson);

    public IReadOnlyList<FollowUp>? FollowUps { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public Guid? ReferredByAccountId { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public Guid? ReferredByStakeholderId { get; init; }

    /// <summary>docs/product.md §9: the account (and person) that referred this lead, or null.</summary>
    public ReferredBy? ReferredBy => ReferredByAccountId is null ? null : new ReferredBy(ReferredByAccountId, ReferredByStakeholderId);

    public bool IsClosed => Status is "qualified" or "disqualified";
}

internal static class LeadStore
{
    public static Task<LeadResponse?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Caller caller, Guid id, bool forUpdate = false) =>
        Access.FindVisibleAsync<LeadResponse>(connection, transaction, caller, "leads", "l", LeadResponse.Columns, id, forUpdate);

    /// <summary>404 unseen, 403 read-only role, 422 lead_closed once qualified or disqualified.</summary>
    public static async Task<LeadResponse> FindOpenForWriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Caller caller, Guid id)
    {
        var lead = Access.Found(await FindAsync(connection, transaction, caller, id, forUpdate: true));
        caller.Require(Access.Sellers);
        return lead.IsClosed ? throw new BusinessRuleException("lead_closed", $"The lead is already {lead.Status}.") : lead;
    }

    public static Task<LeadResponse> ReloadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id) =>
        connection.QuerySingleAsync<LeadResponse>($"SELECT {LeadResponse.Columns} FROM leads l WHERE l.id = @id", new { id }, transaction);
}
