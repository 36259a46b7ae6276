using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace KaPlatform.ServiceDefaults.Problems;

public sealed class BusinessRuleExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken) =>
        exception is BusinessRuleException rule && await WriteAsync(problems, context, rule, exception);

    /// <summary>
    /// Writes a refusal as problem details with `code` and `params` (docs/product.md §0): params are the rule's extra members
    /// (e.g. "missing", "failed") unless it names its own, so a client translates every problem the same way.
    /// </summary>
    public static async ValueTask<bool> WriteAsync(IProblemDetailsService problems, HttpContext context, BusinessRuleException rule, Exception exception)
    {
        var details = new ProblemDetails { Status = rule.Status, Title = rule.Code, Detail = rule.Message };
        details.Extensions["code"] = rule.Code;
        foreach (var (key, value) in rule.Extensions)
        {
            details.Extensions[key] = value;
        }

        if (!details.Extensions.ContainsKey("params"))
        {
            details.Extensions["params"] = rule.Extensions.Where(e => e.Key is not ("errors" or "fieldErrors"))
                .ToDictionary(e => e.Key, e => e.Value);
        }

        context.Response.StatusCode = rule.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = details });
    }
}
