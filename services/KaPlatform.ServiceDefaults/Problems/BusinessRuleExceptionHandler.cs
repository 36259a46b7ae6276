using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace KaPlatform.ServiceDefaults.Problems;

public sealed class BusinessRuleExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BusinessRuleException rule)
        {
            return false;
        }

        var details = new ProblemDetails { Status = rule.Status, Title = rule.Code, Detail = rule.Message };
        details.Extensions["code"] = rule.Code;
        foreach (var (key, value) in rule.Extensions)
        {
            details.Extensions[key] = value;
        }

        context.Response.StatusCode = rule.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = details });
    }
}
