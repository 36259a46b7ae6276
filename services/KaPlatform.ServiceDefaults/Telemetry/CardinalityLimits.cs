using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Metrics;

namespace KaPlatform.ServiceDefaults.Telemetry;

/// <summary>
/// How many attribute combinations each metric keeps. The OpenTelemetry SDK allocates every metric's points up front, at
/// its default limit of 2,000: ~130 metrics × 2,000 points were 26 MB of large-object heap in every idle service (dotnet-
/// counters, issue 18), a sixth of its RSS. The request-duration histograms carry route × method × status and keep
/// Telemetry:RequestMetricCardinalityLimit (1,000); every other metric (runtime, Kestrel, MassTransit per message type,
/// ours) has a handful of attribute values and keeps Telemetry:MetricCardinalityLimit (200). Past a limit, measurements
/// are not lost: the SDK adds them to one overflow point (attribute otel.metric.overflow=true), which an SRE can alert on.
/// </summary>
public static class CardinalityLimits
{
    public const int DefaultRequestLimit = 1000;
    public const int DefaultLimit = 200;

    private static readonly string[] RequestMetrics = ["http.server.request.duration", "http.client.request.duration"];

    public static MetricStreamConfiguration For(Instrument instrument, IConfiguration configuration) => new()
    {
        CardinalityLimit = RequestMetrics.Contains(instrument.Name)
            ? configuration.GetValue("Telemetry:RequestMetricCardinalityLimit", DefaultRequestLimit)
            : configuration.GetValue("Telemetry:MetricCardinalityLimit", DefaultLimit),
    };
}
