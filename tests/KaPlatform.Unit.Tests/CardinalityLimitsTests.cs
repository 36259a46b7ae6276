using System.Diagnostics.Metrics;
using KaPlatform.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;

namespace KaPlatform.Unit.Tests;

public sealed class CardinalityLimitsTests
{
    private static readonly Meter Meter = new("KaPlatform.Tests.Cardinality");

    [Fact]
    public void Request_durations_keep_more_attribute_combinations_than_every_other_metric()
    {
        var none = new ConfigurationBuilder().Build();

        Assert.Equal(CardinalityLimits.DefaultRequestLimit,
            CardinalityLimits.For(Meter.CreateHistogram<double>("http.server.request.duration"), none).CardinalityLimit);
        Assert.Equal(CardinalityLimits.DefaultRequestLimit,
            CardinalityLimits.For(Meter.CreateHistogram<double>("http.client.request.duration"), none).CardinalityLimit);
        Assert.Equal(CardinalityLimits.DefaultLimit,
            CardinalityLimits.For(Meter.CreateCounter<long>("ka.outbox.published"), none).CardinalityLimit);
        Assert.True(CardinalityLimits.DefaultLimit < 2000, "the SDK's own default allocates 2,000 points per metric up front");
    }

    [Fact]
    public void Configuration_sets_both_limits()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telemetry:RequestMetricCardinalityLimit"] = "3000",
            ["Telemetry:MetricCardinalityLimit"] = "50",
        }).Build();

        Assert.Equal(3000, CardinalityLimits.For(Meter.CreateHistogram<double>("http.server.request.duration"), settings).CardinalityLimit);
        Assert.Equal(50, CardinalityLimits.For(Meter.CreateCounter<long>("kestrel.active_connections"), settings).CardinalityLimit);
    }
}
