using System.Diagnostics;
using Dapper;
using KaPlatform.Success.Api.Shared;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Success.Api.Revenue;

/// <summary>
/// Builds the revenue rollup again (migration 0010) when it was built with other rates than the configured ones: on the
/// first start after the migration, and after `Success:FxRates` or `Success:BaseCurrency` changed. Runs at start-up,
/// after the migrations and before requests or consumers: until it is done the rollup would convert with the old rates.
/// Contracts wait meanwhile (×10, 1,000,000 contracts: docs/benchmarks/2026-12-05.md); the report reads the
/// contracts themselves whenever the rollup's rates are not its own.
/// </summary>
public sealed partial class RevenueRollupRates(NpgsqlDataSource db, IOptions<SuccessOptions> options, ILogger<RevenueRollupRates> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var (key, currencies, rates) = RevenueRollup.RatesOf(options.Value);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Instances starting together: the second waits here, then finds the rollup built with its rates.
        await connection.ExecuteAsync(new CommandDefinition("LOCK TABLE revenue_rollup_state IN EXCLUSIVE MODE", transaction: transaction, cancellationToken: cancellationToken));
        var built = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT rates FROM revenue_rollup_state", transaction: transaction, cancellationToken: cancellationToken));
        if (built == key)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        await connection.ExecuteAsync(new CommandDefinition("SELECT revenue_rollup_rebuild(@currencies, @rates, @key)",
            new { currencies, rates, key }, transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        LogRebuilt(logger, built ?? "(never built)", key, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Revenue rollup rebuilt for rates {Key} (was {Built}) in {Seconds:0.0} s")]
    private static partial void LogRebuilt(ILogger logger, string built, string key, double seconds);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
