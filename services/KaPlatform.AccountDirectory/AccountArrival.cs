using Dapper;
using KaPlatform.Messaging;

namespace KaPlatform.AccountDirectory;

/// <summary>
/// Work of a service that waits for an account to enter its directory (an event about an account whose
/// AccountRegistered is still queued). The registration calls every one registered in DI in its own transaction,
/// once its row is written and the account's lock (<see cref="AccountArrival"/>) is held.
/// </summary>
public interface IAwaitsAccount
{
    Task AccountArrivedAsync(UnitOfWork work, Guid accountId, CancellationToken cancellationToken);
}

/// <summary>
/// Orders a service's "is the account here, else keep this for later" against the account's registration: both take
/// one advisory lock per account, the registration after writing its row. Whichever comes second sees what the first
/// committed, so nothing kept is missed (used by <see cref="EarlyChanges"/> too).
/// </summary>
public static class AccountArrival
{
    internal const string Lock = "SELECT pg_advisory_xact_lock(hashtextextended(@AccountId::text, 1702))";

    /// <summary>Takes the account's lock (held to the end of the transaction), then tells whether it is in the directory.</summary>
    public static async Task<bool> IsKnownAsync(UnitOfWork work, Guid accountId, CancellationToken cancellationToken)
    {
        await work.Connection.ExecuteAsync(new CommandDefinition(Lock, new { AccountId = accountId }, work.Transaction, cancellationToken: cancellationToken));
        return await work.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM account_directory WHERE id = @accountId)", new { accountId }, work.Transaction, cancellationToken: cancellationToken));
    }
}
