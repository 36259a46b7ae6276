using System.Text.Json;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using Npgsql;

namespace KaPlatform.Accounts.Api.Shared;

/// <summary>The account_settings documents (classification, behaviour styles): one row per key, versioned for If-Match.</summary>
internal static class AccountSettings
{
    /// <summary>The document under <paramref name="key"/> with its version; the defaults (version 0) while none was saved.</summary>
    public static async Task<(T Settings, int Version)> LoadAsync<T>(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string key, CancellationToken cancellationToken) where T : new()
    {
        var row = await connection.QuerySingleOrDefaultAsync<(string Value, int Version)?>(new CommandDefinition(
            "SELECT value::text, version FROM account_settings WHERE key = @key", new { key }, transaction, cancellationToken: cancellationToken));
        return row is { } found ? (JsonSerializer.Deserialize<T>(found.Value, Json.Options) ?? new T(), found.Version) : (new T(), 0);
    }

    /// <summary>Serialises writers of any settings document for the rest of the transaction.</summary>
    public static Task LockAsync(UnitOfWork work) =>
        work.Connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('accounts.settings'))", transaction: work.Transaction);

    /// <summary>Replaces the document under <paramref name="key"/>; answers its new version.</summary>
    public static Task<int> SaveAsync<T>(UnitOfWork work, string key, T value, Caller caller, CancellationToken cancellationToken) =>
        work.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            INSERT INTO account_settings (key, value, updated_by) VALUES (@key, @value::jsonb, @UserId)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = account_settings.version + 1,
                updated_by = EXCLUDED.updated_by, updated_at = clock_timestamp()
            RETURNING version
            """, new { key, value = JsonSerializer.Serialize(value, Json.Options), caller.UserId },
            work.Transaction, cancellationToken: cancellationToken));
}
