using System.Reflection;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KaPlatform.ServiceDefaults.Data;

/// <summary>
/// Applies embedded, versioned SQL scripts (resource names ending in Migrations.NNNN_name.sql) in order, each in
/// its own transaction. An advisory lock serialises instances that start together: the second waits, then finds
/// nothing left to do. Runs in StartingAsync so no request or consumer sees an old schema.
/// </summary>
public sealed partial class MigrationRunner(NpgsqlDataSource dataSource, IEnumerable<MigrationSource> sources, ILogger<MigrationRunner> logger) : IHostedLifecycleService
{
    private const long LockKey = 0x4B41_4D49_4752; // "KAMIGR"

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    module text NOT NULL,
                    version text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (module, version))
                """, cancellationToken: cancellationToken));

            foreach (var source in sources.OrderBy(s => s.ServiceOwned))
            {
                await ApplyAsync(connection, source.Assembly, cancellationToken);
            }
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@LockKey)", new { LockKey });
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, Assembly assembly, CancellationToken cancellationToken)
    {
        var module = assembly.GetName().Name!;
        var applied = (await connection.QueryAsync<string>(
            "SELECT version FROM schema_migrations WHERE module = @module", new { module })).ToHashSet();

        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Resource: n, Version: n[(n.LastIndexOf(".Migrations.", StringComparison.Ordinal) + 12)..^4]))
            .OrderBy(s => s.Version, StringComparer.Ordinal);

        foreach (var (resource, version) in scripts.Where(s => !applied.Contains(s.Version)))
        {
            await using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var sql = await reader.ReadToEndAsync(cancellationToken);

            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            // No statement timeout: a migration that builds an index or backfills a large table runs as long as it
            // needs (building a GIN index on 1,000,000 accounts took over 30 s, the default, and the service never started).
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: tx, commandTimeout: 0, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (module, version) VALUES (@module, @version)", new { module, version }, tx);
            await tx.CommitAsync(cancellationToken);
            LogApplied(logger, module, version);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Module} {Version}")]
    private static partial void LogApplied(ILogger logger, string module, string version);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
