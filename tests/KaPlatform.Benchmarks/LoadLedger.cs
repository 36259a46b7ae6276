using System.Collections.Concurrent;

namespace KaPlatform.Benchmarks;

/// <summary>One table's load in this run, for the data set's figure at the end (<see cref="LoadLedger"/>).</summary>
/// <param name="Initial">into an empty table, its secondary indexes built after the rows (otherwise every index kept)</param>
internal sealed record TableLoad(string Database, string Table, long Rows, TimeSpan Copy, TimeSpan Indexes, bool Initial)
{
    public TimeSpan Total => Copy + Indexes;
}

/// <summary>Every table load of this run, and their sum as the data set's bulk-load figure (issue 18).</summary>
internal sealed class LoadLedger
{
    private readonly ConcurrentQueue<TableLoad> loads = new();

    public IReadOnlyCollection<TableLoad> Loads => loads;

    public void Add(TableLoad load) => loads.Enqueue(load);

    /// <summary>A table of every load and one line for the whole data set against the goal; nothing when nothing was loaded.</summary>
    public void Report(BenchmarkContext context, double targetRowsPerSecond)
    {
        if (loads.IsEmpty)
        {
            return;
        }

        var table = new Table("Bulk loads of this run (binary COPY, fsync on; initial = empty table, secondary indexes built after)",
            "database.table", "kind", "rows", "COPY", "index builds", "total", "rows/s");
        foreach (var load in loads)
        {
            table.Add($"{load.Database}.{load.Table}", load.Initial ? "initial" : "online", Format.Count(load.Rows), Format.Seconds(load.Copy),
                load.Initial ? Format.Seconds(load.Indexes) : "-", Format.Seconds(load.Total), Format.Rate(load.Rows / load.Total.TotalSeconds));
        }

        var rows = loads.Sum(l => l.Rows);
        var time = TimeSpan.FromTicks(loads.Sum(l => l.Total.Ticks));
        var rate = rows / time.TotalSeconds;
        table.Add("every table above", "", Format.Count(rows), "", "", Format.Seconds(time), Format.Rate(rate));
        table.Write(context.Output);
        context.Targets.Add(new TargetResult($"bulk load rows/s, the whole data set of this run ({Format.Count(rows)} rows, {loads.Count} tables)",
            Format.Rate(rate), $"≥ {Format.Rate(targetRowsPerSecond)}", rate >= targetRowsPerSecond));
    }
}
