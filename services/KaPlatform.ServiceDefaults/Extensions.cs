using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Health;
using KaPlatform.ServiceDefaults.Hosting;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Problems;
using KaPlatform.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace KaPlatform.ServiceDefaults;

/// <summary>What every KaPlatform process (services and gateway) shares: telemetry, health, auth, problem details.</summary>
public static class Extensions
{
    public const string LiveTag = "live";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        // Every environment checks at start that each registration can be built (a mistake fails the start, not a
        // request); the per-resolution scope check stays a Development aid: it costs every request (issue 18).
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions
        {
            ValidateOnBuild = true,
            ValidateScopes = builder.Environment.IsDevelopment(),
        }));
        builder.ConfigureKaTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.AddKaAuthentication();
        builder.Services.WithoutKeyRingAtStart();
        IdleTrimOptions.AddTo(builder.Services, builder.Configuration);
        builder.Services.AddKaProblemDetails();
        builder.Services.AddHttpContextAccessor();
        builder.AddKaOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions).Converters.Insert(0, new FlexibleDateConverter()));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => BusinessCalendar.FromConfiguration(builder.Configuration, sp.GetRequiredService<TimeProvider>()));
        BusinessCalendar.FromConfiguration(builder.Configuration, TimeProvider.System);
        return builder;
    }

    /// <summary>/health, /alive (process only), /metrics (Prometheus); details for operations only (OpsAccess). Mapped in every environment: SREs probe production too.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous();
        app.MapOpsMetrics();
        app.MapKaOpenApi();
        return app;
    }

    /// <summary>The middleware order every service uses (the gateway has its own: it owns no database).</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<InputGuardMiddleware>();
        app.UseMiddleware<KaPlatform.ServiceDefaults.Http.IdempotencyMiddleware>();
        return app;
    }
}
