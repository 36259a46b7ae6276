using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace KaPlatform.Benchmarks;

/// <summary>
/// The secondary indexes of one table, dropped before an initial load and built again after it, one session per
/// core (docs/operations.md "Bulk loading"): PostgreSQL then sorts once per index instead of updating every index
/// row by row. Indexes that back a constraint (primary key, unique, exclusion) and unique indexes stay: they are
/// checks, and foreign keys may lean on them.
/// </summary>
internal sealed class SecondaryIndexes
{
    /// <summary>Sessions that build at once: one per core, at most four.</summary>
    public static int Sessions => Math.Clamp(Environment.ProcessorCount, 1, 4);

    private readonly string connectionString;

    private SecondaryIndexes(string connectionString, List<string> definitions)
    {
        this.connectionString = connectionString;
        Statements = definitions;
    }

    /// <summary>What <see cref="BuildAsync"/> runs, largest index first; a caller may add its own rebuild steps.</summary>
    public List<string> Statements { get; }

    /// <summary>After <see cref="BuildAsync"/>: each statement's index (or first words) and how long it took, in the order they ended.</summary>
    public ConcurrentQueue<(string Index, TimeSpan Elapsed)> Built { get; } = new();

    public int Count => Statements.Count;

    public static async Task<SecondaryIndexes> DropAsync(string connectionString, string table, CancellationToken cancellationToken)
    {
        var definitions = new List<(string Name, string Definition)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("""
            SELECT i.relname, pg_get_indexdef(x.indexrelid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid = @table::regclass AND NOT x.indisprimary AND NOT x.indisunique
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            ORDER BY pg_relation_size(x.indexrelid) DESC, i.relname
            """, connection))
        {
            command.Parameters.AddWithValue("table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                definitions.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in definitions)
        {
            await using var drop = new NpgsqlCommand($"DROP INDEX \"{name}\"", connection);
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        return new SecondaryIndexes(connectionString, [.. definitions.Select(d => d.Definition)]);
    }

    /// <summary>
    /// Runs <see cref="Statements"/> over <see cref="Sessions"/> sessions and returns how long that took. It is called
    /// after a failed COPY too, so it never takes the caller's cancellation: a table is not left without its indexes.
    /// </summary>
    public async Task<TimeSpan> BuildAsync()
    {
        var clock = Stopwatch.StartNew();
        var queue = new ConcurrentQueue<string>(Statements);
        await Task.WhenAll(Enumerable.Range(0, Math.Min(Sessions, Math.Max(1, queue.Count))).Select(async _ =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(CancellationToken.None);
            await using (var memory = new NpgsqlCommand("SET maintenance_work_mem = '256MB'", connection))
            {
                await memory.ExecuteNonQueryAsync(CancellationToken.None);
            }

            while (queue.TryDequeue(out var statement))
            {
                var started = Stopwatch.GetTimestamp();
                await using var create = new NpgsqlCommand(statement, connection) { CommandTimeout = 0 };
                await create.ExecuteNonQueryAsync(CancellationToken.None);
                Built.Enqueue((NameOf(statement), Stopwatch.GetElapsedTime(started)));
            }
        }));
        return clock.Elapsed;
    }

    /// <summary>One line: each statement's index and time, slowest first.</summary>
    public string Times() =>
        string.Join(", ", Built.OrderByDescending(b => b.Elapsed).Select(b => $"{b.Index} {Format.Seconds(b.Elapsed)}"));

    /// <summary>The index a CREATE INDEX names; for other steps their leading "-- name" comment, or their first words.</summary>
    private static string NameOf(string statement)
    {
        if (statement.StartsWith("-- ", StringComparison.Ordinal))
        {
            return statement[3..statement.IndexOf('\n', StringComparison.Ordinal)].Trim();
        }

        var words = statement.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var index = Array.IndexOf(words, "INDEX");
        return index >= 0 && index + 1 < words.Length ? words[index + 1] : string.Join(' ', words.Take(4));
    }
}
