using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace KaPlatform.ServiceDefaults.Telemetry;

public static class TelemetrySetup
{
    /// <summary>Every KaPlatform meter and activity source starts with this, so one wildcard picks them all up.</summary>
    public const string Prefix = "KaPlatform";

    /// <summary>Share of traces started here that are recorded and exported (Telemetry:TraceSampleRatio).</summary>
    public const double DefaultTraceSampleRatio = 0.1;

    public static IHostApplicationBuilder ConfigureKaTelemetry(this IHostApplicationBuilder builder)
    {
        // Console lines carry the trace and span id so a log line can be joined to its trace.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.IncludeScopes = true;
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                .AddMeter(Prefix + ".*")
                .AddView(instrument => CardinalityLimits.For(instrument, builder.Configuration))
                .AddPrometheusExporter())
            .WithTracing(t => t
                .SetSampler(Sampler(builder))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("MassTransit")
                .AddSource(Prefix + ".*")
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx =>
                    !ctx.Request.Path.StartsWithSegments("/health") &&
                    !ctx.Request.Path.StartsWithSegments("/alive") &&
                    !ctx.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation()
                .AddNpgsql());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Head sampling: a trace this process starts (the gateway, for requests from outside) is kept with
    /// Telemetry:TraceSampleRatio (default 0.1), and every later hop follows the caller's decision (ParentBased), so a
    /// kept trace stays whole across the gateway, the services and the broker. Recording and exporting every request
    /// cost more CPU than serving it (issue 18: spans, their export, and the collector's ingestion); 1 keeps them all.
    /// Metrics are not sampled: request rates and latency histograms stay exact.
    /// </summary>
    private static Sampler Sampler(IHostApplicationBuilder builder)
    {
        var ratio = builder.Configuration.GetValue("Telemetry:TraceSampleRatio", DefaultTraceSampleRatio);
        if (ratio is < 0 or > 1 || double.IsNaN(ratio))
        {
            throw new InvalidOperationException($"Telemetry:TraceSampleRatio must be between 0 and 1, not {ratio}.");
        }

        return new ParentBasedSampler(ratio >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(ratio));
    }
}
