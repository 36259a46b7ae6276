using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KaPlatform.ServiceDefaults.Problems;

/// <summary>
/// The last line behind the input guard: a value PostgreSQL refuses (out of range, not storable text), a reference
/// to a row that does not exist, or a broken multipart body is still bad input, never a 500. The transaction is
/// already rolled back, so nothing is stored. Logged as a warning: it means a guard upstream missed a case.
/// </summary>
public sealed class StorageRefusalHandler(IProblemDetailsService problems, ILogger<StorageRefusalHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var refusal = exception switch
        {
            PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } => new BusinessRuleException(
                "unknown_reference", "The request refers to something that does not exist."),
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => new BusinessRuleException(
                "duplicate", "Something with the same unique value already exists.", StatusCodes.Status409Conflict),
            PostgresException { SqlState: var state } when state.StartsWith("22", StringComparison.Ordinal) =>
                FieldProblem.Refuse([new FieldProblem("body", "values within the documented ranges and formats", "value_out_of_range")]),
            InvalidDataException or IOException when context.Request.HasFormContentType =>
                FieldProblem.Refuse([new FieldProblem("file", "a well-formed multipart/form-data body", "malformed_multipart")]),
            _ => null,
        };
        if (refusal is null)
        {
            return false;
        }

        logger.LogWarning(exception, "Bad input reached {Layer} on {Path}", exception is PostgresException ? "the database" : "the form reader", context.Request.Path);
        return await BusinessRuleExceptionHandler.WriteAsync(problems, context, refusal, exception);
    }
}
