using Dapper;
using Npgsql;

namespace KaPlatform.ServiceDefaults.Http;

/// <summary>
/// The Idempotency-Key the current request runs under. The middleware stores the first answer only after the handler
/// has committed; a process killed between the two used to leave the key "pending", and the client's retry then ran
/// the request a second time. Whoever commits the request's change marks the key <c>committed</c> in that same
/// transaction (<c>UnitOfWork.CommitAsync</c> does), so the retry knows the change happened even if the answer was lost.
/// </summary>
public sealed class IdempotencyClaim(string key, Guid userId)
{
    private static readonly AsyncLocal<IdempotencyClaim?> Ambient = new();

    /// <summary>The claim of the request this code runs for, if it came with an Idempotency-Key.</summary>
    public static IdempotencyClaim? Current
    {
        get => Ambient.Value;
        internal set => Ambient.Value = value;
    }

    public string Key { get; } = key;
    public Guid UserId { get; } = userId;

    /// <summary>
    /// Marks the key committed inside <paramref name="transaction"/>, naming the record the change is about (its first
    /// audited entity) so the retry can point the caller at it.
    /// </summary>
    public Task MarkCommittedAsync(NpgsqlTransaction transaction, string? entityType, Guid? entityId, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(
            """
            UPDATE idempotency_keys SET state = 'committed', entity_type = @entityType, entity_id = @entityId
            WHERE key = @Key AND user_id = @UserId AND state = 'pending'
            """,
            new { Key, UserId, entityType, entityId }, transaction, cancellationToken: cancellationToken));
}
