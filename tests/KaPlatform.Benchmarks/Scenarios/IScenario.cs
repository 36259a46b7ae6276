namespace KaPlatform.Benchmarks.Scenarios;

/// <summary>
/// One measurement. Add a scenario by writing a class here and listing it in <see cref="ScenarioCatalog.All"/>
/// (and its name in BenchmarkOptions' --scenario choices). A scenario prints its own tables and adds its figures
/// to <see cref="BenchmarkContext.Targets"/>; it reports, it never asserts.
/// </summary>
internal interface IScenario
{
    /// <summary>The --scenario value.</summary>
    string Name { get; }

    Task RunAsync(BenchmarkContext context, CancellationToken cancellationToken);
}

internal static class ScenarioCatalog
{
    /// <summary>
    /// In the order --scenario all runs them: bulk first, so the gateway scenario reads seeded accounts; the scale
    /// scenarios last (the accounts one tops the bulk scenario's accounts up instead of seeding its own).
    /// </summary>
    public static readonly IReadOnlyList<IScenario> All =
        [new BulkLoad(), new GatewayThroughput(), new EventLatency(), new WonEvents(), new AccountsAtScale(), new ForecastAtScale(), new AgingAtScale(), new RevenueAtScale()];
}
