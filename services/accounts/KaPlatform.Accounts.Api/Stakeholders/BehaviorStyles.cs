using KaPlatform.Accounts.Api.Shared;
using Npgsql;

namespace KaPlatform.Accounts.Api.Stakeholders;

/// <summary>One communication tip in both languages the workspace speaks; the code is stable for clients (docs/product.md §0).</summary>
public sealed record CommunicationTip(string Code, string En, string Zh);

/// <summary>
/// Communication tips per behaviour style (高层的四类行为风格, docs/product.md §8), stored in account_settings under 'behavior_styles'.
/// The defaults follow the four social styles (Merrill and Reid): assertiveness against responsiveness.
/// </summary>
public sealed record BehaviorStyles
{
    public const string Key = "behavior_styles";
    public static readonly string[] Styles = ["driver", "expressive", "amiable", "analytical"];

    public IReadOnlyDictionary<string, IReadOnlyList<CommunicationTip>> Tips { get; init; } = new Dictionary<string, IReadOnlyList<CommunicationTip>>
    {
        ["driver"] =
        [
            new("driver.lead_with_results", "Lead with the result and the return on investment; keep it short.", "先讲结论和投入产出，简明扼要。"),
            new("driver.offer_options", "Offer two or three options and let them decide.", "给出两三个备选方案，让对方拍板。"),
            new("driver.be_punctual", "Be on time and stick to the agenda; skip small talk.", "守时、按议程推进，少寒暄。"),
        ],
        ["expressive"] =
        [
            new("expressive.share_vision", "Talk about the vision and the big picture, with stories and references.", "多谈愿景和全局，用故事和标杆案例。"),
            new("expressive.give_recognition", "Give them visibility and credit for the initiative.", "让对方在项目中有存在感，功劳归于对方。"),
            new("expressive.confirm_in_writing", "Confirm details and commitments in writing afterwards.", "事后书面确认细节和承诺。"),
        ],
        ["amiable"] =
        [
            new("amiable.build_trust_first", "Build the personal relationship before the business.", "先建立个人信任，再谈业务。"),
            new("amiable.lower_risk", "Reduce their risk: guarantees, references, a step-by-step plan.", "降低对方的风险感：保障、案例、分步实施。"),
            new("amiable.involve_the_team", "Show how it helps their team, and do not push for a fast decision.", "说明对团队的好处，不要催促决策。"),
        ],
        ["analytical"] =
        [
            new("analytical.bring_evidence", "Bring data, test reports and a detailed written proposal.", "准备数据、测试报告和详细的书面方案。"),
            new("analytical.be_precise", "Be precise and organised; never exaggerate.", "严谨有条理，绝不夸大。"),
            new("analytical.give_time", "Give them time to study and answer their questions point by point.", "给对方研究的时间，逐条答复问题。"),
        ],
    };

    public IReadOnlyList<CommunicationTip> TipsFor(string? style) =>
        style is not null && Tips.TryGetValue(style, out var tips) ? tips : [];

    public static Task<(BehaviorStyles Settings, int Version)> LoadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        AccountSettings.LoadAsync<BehaviorStyles>(connection, transaction, Key, cancellationToken);
}
