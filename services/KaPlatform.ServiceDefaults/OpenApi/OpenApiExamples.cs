using System.Text.Json.Nodes;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KaPlatform.ServiceDefaults.OpenApi;

/// <summary>Per member: the shared input limits and an example in the language the platform's users write (Chinese).</summary>
internal static class OpenApiExamples
{
    private static readonly Dictionary<string, string> Texts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["name"] = "中国移动江苏有限公司",
        ["title"] = "省级核心网扩容项目",
        ["industry"] = "通信",
        ["region"] = "华东",
        ["department"] = "信息技术部",
        ["summary"] = "与客户CIO交流了明年的云化规划，对方关注数据安全。",
        ["notes"] = "季度复盘：回款进度滞后，需要推动验收。",
        ["note"] = "客户财务确认本周付款。",
        ["reason"] = "客户预算冻结，项目延期到下一财年。",
        ["description"] = "新增两个地市的数据中心扩容需求",
        ["action"] = "电话拜访财务总监，确认付款计划",
        ["result"] = "客户承诺月底前付款",
        ["nextStep"] = "下周安排技术交流会",
        ["issuer"] = "中国移动采购中心",
        ["tenderRef"] = "CMCC-2026-JS-0815",
        ["competitor"] = "华为",
        ["reference"] = "合同扫描件 HT-2026-0001.pdf",
        ["currency"] = "CNY",
        ["q"] = "云化",
        ["interestsAtStake"] = "年底前完成网络改造，争取集团表彰",
        ["preferences"] = "喜欢看数据，不喜欢长篇汇报",
        ["behaviorStyle"] = "analytical",
        ["externalRef"] = "ERP-PAY-20261201-001",
        ["text"] = "三年内成为省内最大的云服务商",
        ["factor"] = "方案的本地化服务能力",
        ["outcomes"] = "上线后故障率下降30%",
        ["evidence"] = "客户签字的验收单",
    };

    public static void Complete(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        var member = context.JsonPropertyInfo?.Name;
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(OneOfAttribute), true).OfType<OneOfAttribute>().FirstOrDefault() is { } oneOf)
        {
            // A list of enumerated values carries the enum on its items; a single value on itself.
            var target = schema.Type is { } listType && listType.HasFlag(JsonSchemaType.Array) && schema.Items is OpenApiSchema items ? items : schema;
            target.Enum = oneOf.ToEnum();
        }

        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) && schema.Format is null && schema.Enum is not { Count: > 0 })
        {
            schema.MaxLength ??= InputLimits.MaxTextLength;
            if (member is not null && Texts.TryGetValue(member, out var text))
            {
                Example(schema, JsonValue.Create(text));
            }
        }

        if (schema.Type is { } arrayType && arrayType.HasFlag(JsonSchemaType.Array) && member is not null && member != "items")
        {
            schema.MaxItems ??= InputLimits.MaxArrayItems;
        }

        if (schema.Format == "date")
        {
            Example(schema, JsonValue.Create("2026-12-01"));
            schema.Description ??= $"A date as YYYY-MM-DD ({InputLimits.EarliestDate:yyyy-MM-dd} to {InputLimits.LatestDate:yyyy-MM-dd}); an ISO instant is read as its date in the business time zone.";
        }
        else if (schema.Format == "date-time")
        {
            Example(schema, JsonValue.Create("2026-12-01T08:30:00Z"));
        }
        else if (schema.Format == "uuid")
        {
            Example(schema, JsonValue.Create("0192a7c4-5b1e-7c3d-9f00-1a2b3c4d5e6f"));
        }
    }

    private static void Example(OpenApiSchema schema, JsonNode? value)
    {
        if (schema.Examples is not { Count: > 0 } && value is not null)
        {
            schema.Examples = [value];
        }
    }
}
