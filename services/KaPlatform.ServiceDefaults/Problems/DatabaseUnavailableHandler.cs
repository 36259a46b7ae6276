using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KaPlatform.ServiceDefaults.Problems;

/// <summary>
/// The database went away or pushed back mid-request (restarting, a failover, connections terminated, the pool
/// exhausted, a deadlock): a fault the caller can wait out, not a bug, so 503 with Retry-After instead of a 500. The
/// transaction almost always rolled back; when only the commit's acknowledgement was lost, a retry with the same
/// Idempotency-Key answers 409 idempotency_answer_lost naming what was made, so nothing is applied twice
/// (docs/api-contract.md "Database outage").
/// </summary>
public sealed partial class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (Classify(exception) is not { } fault)
        {
            return false;
        }

        LogFault(logger, fault.Code, context.Request.Path, exception);
        context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await BusinessRuleExceptionHandler.WriteAsync(problems, context, new BusinessRuleException(fault.Code, fault.Detail,
            StatusCodes.Status503ServiceUnavailable, new Dictionary<string, object?> { ["retryAfterSeconds"] = fault.RetryAfterSeconds }), exception);
    }

    public sealed record Fault(string Code, string Detail, int RetryAfterSeconds);

    /// <summary>
    /// Npgsql's own verdict decides (<see cref="NpgsqlException.IsTransient"/>: broken or refused connections,
    /// timeouts, shutdown and resource errors, serialization failures): the same statement may succeed if sent again.
    /// Contention (a deadlock, a serialization failure, a lock not granted) is told apart, as it passes in a moment.
    /// </summary>
    public static Fault? Classify(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.LockNotAvailable } =>
            new("database_busy", "The database could not finish this request because of concurrent work; retry it.", 1),
        NpgsqlException { IsTransient: true } =>
            new("database_unavailable", "The database is unavailable for the moment. Retry shortly, with the same Idempotency-Key for a create.", 5),
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503 {Code} on {Path}: the database failed the request")]
    private static partial void LogFault(ILogger logger, string code, PathString path, Exception exception);
}
