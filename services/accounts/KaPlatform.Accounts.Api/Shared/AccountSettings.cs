using System.Text.Json;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;
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

    /// <summary>
    /// PUT of a whole settings document: under the settings lock, If-Match against the stored version, audited with
    /// before and after, the new version as ETag. The caller has checked role and content.
    /// </summary>
    public static async Task ReplaceAsync<T>(
        NpgsqlDataSource db, Caller caller, HttpContext http, string key, string auditEntity, T settings, CancellationToken cancellationToken) where T : new()
    {
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await LockAsync(work);
        var (before, version) = await LoadAsync<T>(work.Connection, work.Transaction, key, cancellationToken);
        Concurrency.Check(http.Request, version);
        var next = await SaveAsync(work, key, settings, caller, cancellationToken);
        await work.AuditAsync(caller, auditEntity, Guid.Empty, "changed", new { before, after = settings }, cancellationToken);
        await work.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = Concurrency.ETag(next);
    }
}
