namespace KaPlatform.Accounts.Api.Interactions;

/// <summary>A visit-log entry (SPEC §1.5).</summary>
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
    public string Summary { get; init; } = "";
    public string[] Topics { get; init; } = [];
    public string? NextSteps { get; init; }
    public Guid CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
}
