using KaPlatform.Opportunities.Api.Opportunities;
using KaPlatform.ServiceDefaults.OpenApi;

namespace KaPlatform.Opportunities.Api.DealExecution;

/// <summary>The fields a task is added with (POST) or changed with (PATCH: absent ones are kept, present ones may not be null).</summary>
public sealed record DealTaskFields(
    string? Title, Guid? OwnerId, DateOnly? DueDate, [property: OneOf(typeof(DealTask), nameof(DealTask.Statuses))] string? Status,
    [property: OneOf(typeof(Stages), nameof(Stages.Open))] string? Stage);

/// <summary>任务清单 (docs/product.md §9): one step of a deal, owned by someone, due on a day, belonging to a stage.</summary>
public sealed class DealTask
{
    public const string Columns = "t.id, t.opportunity_id, t.title, t.owner_id, t.due_date, t.status, t.stage, t.created_by, t.created_at, t.updated_at, t.version";

    public static readonly string[] Statuses = ["open", "done", "cancelled"];

    /// <summary>Tasks per deal: a checklist, not a project plan.</summary>
    public const int MaxPerDeal = 200;

    public Guid Id { get; init; }
    public Guid OpportunityId { get; init; }
    public string Title { get; init; } = "";
    public Guid OwnerId { get; init; }
    public DateOnly DueDate { get; init; }
    public string Status { get; init; } = "open";
    public string Stage { get; init; } = "";
    public Guid CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }

    /// <summary>Open and past its due date (UTC day): what makes a deal stuck when the task is of the deal's stage.</summary>
    public bool Overdue => Status == "open" && DueDate < StuckRules.Today();
}
