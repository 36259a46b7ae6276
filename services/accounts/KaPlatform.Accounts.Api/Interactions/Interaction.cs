namespace KaPlatform.Accounts.Api.Interactions;

/// <summary>A visit-log entry (docs/product.md §1.5).</summary>
public sealed class Interaction
{
    public const string Columns = """
        i.id, i.account_id, a.name AS account_name, i.kind, i.occurred_at, i.stakeholder_ids, i.our_attendees, i.summary,
        i.topics, i.next_steps, i.created_by, i.created_at
        """;

    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public string AccountName { get; init; } = "";
    public string Kind { get; init; } = "";
    public DateTime OccurredAt { get; init; }
    public Guid[] StakeholderIds { get; init; } = [];
    public Guid[] OurAttendees { get; init; } = [];
    /// <summary>Null, with topics and next steps, when the entry names a protected contact the reader may not see (docs/product.md §8).</summary>
    public string? Summary { get; init; } = "";
    public string[] Topics { get; init; } = [];
    public string? NextSteps { get; init; }
    public Guid CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }

    /// <summary>True when the text is withheld from this reader; kind, time and people stay, so effort still counts.</summary>
    public bool Confidential { get; init; }

    public Interaction Redacted() => new()
    {
        Id = Id, AccountId = AccountId, AccountName = AccountName, Kind = Kind, OccurredAt = OccurredAt, StakeholderIds = StakeholderIds,
        OurAttendees = OurAttendees, Summary = null, Topics = [], NextSteps = null, CreatedBy = CreatedBy, CreatedAt = CreatedAt, Confidential = true,
    };
}
