using System.Reflection;
using Dapper;
using KaPlatform.ServiceDefaults.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace KaPlatform.ServiceDefaults.Data;

public static class DatabaseSetup
{
    /// <summary>
    /// Key of a second data source (`[FromKeyedServices(DatabaseSetup.PointLookups)]`) on the same database for reads
    /// whose statements find rows by key and nothing else: no optional filter, no search term, no range. Its sessions
    /// let PostgreSQL keep a generic plan (Database:PointLookupPlanCacheMode, auto unless set), which for a key lookup
    /// is the plan it would make anyway: planning GET /api/accounts/{id}'s statement each run cost 0.150 ms against
    /// 0.029 ms of execution (docs/benchmarks/2026-12-03.md §5, §10.3). Everything else stays on the main data source,
    /// whose sessions plan every run for its parameters.
    /// </summary>
    public const string PointLookups = "point-lookups";

    /// <summary>Database:PointLookupMultiplexing: whether the <see cref="PointLookups"/> source multiplexes (default true).</summary>
    public const bool DefaultPointLookupMultiplexing = true;

    /// <summary>Statements kept prepared per connection (Database:MaxAutoPrepare; 0 turns auto-preparation off).</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// One Npgsql data source from ConnectionStrings:{name} (Aspire's contract), a health check for it, and the
    /// SQL migrations embedded in the given assemblies applied before the service starts.
    /// </summary>
    public static IHostApplicationBuilder AddKaDatabase(this IHostApplicationBuilder builder, string name, params Assembly[] migrationAssemblies)
    {
        var connectionString = builder.Configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not configured.");
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyHandler());

        var maxAutoPrepare = builder.Configuration.GetValue("Database:MaxAutoPrepare", DefaultMaxAutoPrepare);
        var jit = builder.Configuration.GetValue("Database:Jit", false);
        var resetOnClose = builder.Configuration.GetValue("Database:ResetOnClose", false);
        var planCacheMode = PlanCacheMode(builder.Configuration["Database:PlanCacheMode"], "force_custom_plan");
        var lookupPlanCacheMode = PlanCacheMode(builder.Configuration["Database:PointLookupPlanCacheMode"], "auto");
        var lookupMultiplexing = builder.Configuration.GetValue("Database:PointLookupMultiplexing", DefaultPointLookupMultiplexing);
        var application = builder.Environment.ApplicationName;
        builder.Services.AddSingleton(_ => Build(name, planCacheMode, application, multiplexing: false));
        builder.Services.AddKeyedSingleton(PointLookups, (_, _) => Build(name + "-" + PointLookups, lookupPlanCacheMode, $"{application} ({PointLookups})", lookupMultiplexing));

        NpgsqlDataSource Build(string sourceName, string sessionPlanCacheMode, string applicationName, bool multiplexing)
        {
            var dataSource = new NpgsqlDataSourceBuilder(connectionString) { Name = sourceName };
            // Key lookups only (docs/decisions.md): concurrent requests' statements share a few sessions and go out and
            // come back in batches, halving the service's and PostgreSQL's CPU per GET by id (issue 18). The main pool
            // keeps one session per request: its writers hold transactions, advisory locks and LISTEN.
            if (multiplexing && !connectionString.Contains("Multiplexing", StringComparison.OrdinalIgnoreCase))
            {
                dataSource.ConnectionStringBuilder.Multiplexing = true;
            }

            // pg_stat_activity then tells the SRE which service, and which of its two pools, holds a session.
            if (string.IsNullOrEmpty(dataSource.ConnectionStringBuilder.ApplicationName))
            {
                dataSource.ConnectionStringBuilder.ApplicationName = applicationName;
            }

            // A service sends the same few statements over and over: prepared after a few uses, PostgreSQL skips
            // parsing and planning them (issue 18). A connection string that says otherwise wins.
            if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
            {
                dataSource.ConnectionStringBuilder.MaxAutoPrepare = maxAutoPrepare;
            }

            // Npgsql otherwise resets every pooled connection before its next use: seven statements (RESET ALL, CLOSE
            // ALL, UNLISTEN *, pg_advisory_unlock_all(), DISCARD SEQUENCES and TEMP, SET SESSION AUTHORIZATION) sent in
            // front of the request's own query, parsed and run each time. For GET /api/accounts/{id} that cost
            // PostgreSQL more CPU than the query (issue 18, docs/benchmarks/2026-12-03.md §5). The services leave no
            // session state on a connection they give back (SessionStateTests): settings are SET LOCAL, advisory
            // locks are released in finally blocks, LISTEN keeps its connection until it breaks, no temporary
            // tables, no cursors. An open transaction is still rolled back on return. Database:ResetOnClose=true, or
            // a connection string that names it, restores the reset.
            if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
            {
                dataSource.ConnectionStringBuilder.NoResetOnClose = !resetOnClose;
            }

            // Two planner settings per session (issue 18, docs/benchmarks/2026-12-02.md §9), unless the connection
            // string brings its own Options. jit=off: at ten times the benchmark's data, list and search statements
            // passed jit_above_cost and PostgreSQL compiled them on every run, for statements that run in
            // milliseconds (Database:Jit=true keeps the server's setting). force_custom_plan: an auto-prepared
            // statement otherwise gets a generic plan after five runs, one that cannot see its parameters: a rep's
            // name search kept the plan made for a three-character term and scanned the whole trigram index for a
            // two-character one (795 ms against 15 ms). Planning each run costs tens of microseconds; parsing stays saved.
            if (string.IsNullOrEmpty(dataSource.ConnectionStringBuilder.Options))
            {
                dataSource.ConnectionStringBuilder.Options = (jit ? "" : "-c jit=off ") + $"-c plan_cache_mode={sessionPlanCacheMode}";
            }

            return dataSource.Build();
        }

        builder.Services.AddHealthChecks().AddCheck<NpgsqlHealthCheck>(name);
        // Audit trail and idempotency keys first: every service has them.
        builder.Services.AddMigrations(typeof(DatabaseSetup).Assembly);
        foreach (var assembly in migrationAssemblies)
        {
            builder.Services.AddSingleton(new MigrationSource(assembly, ServiceOwned: true));
        }

        builder.Services.AddHostedService<MigrationRunner>();
        return builder;
    }

    /// <summary>
    /// Database:PlanCacheMode, PostgreSQL's plan_cache_mode for the main data source's sessions. force_custom_plan
    /// unless set: planning each run of a prepared statement costs PostgreSQL more than running GET
    /// /api/accounts/{id}'s lookup (0.15 ms against 0.03 ms, docs/benchmarks/2026-12-03.md §5), but "auto" lets a
    /// search keep a generic plan that cannot see its term, and an optional filter (`@x IS NULL OR col = @x`, 51
    /// statements) one made for unfiltered runs (§8.3). Key lookups go through <see cref="PointLookups"/> instead.
    /// </summary>
    private static string PlanCacheMode(string? configured, string fallback) => configured switch
    {
        null or "" => fallback,
        "auto" or "force_custom_plan" or "force_generic_plan" => configured,
        _ => throw new InvalidOperationException($"Database:PlanCacheMode and Database:PointLookupPlanCacheMode must be auto, force_custom_plan or force_generic_plan, not '{configured}'."),
    };

    /// <summary>Adds an assembly's embedded Migrations/*.sql; building blocks (the outbox) add theirs the same way.</summary>
    public static IServiceCollection AddMigrations(this IServiceCollection services, Assembly assembly) =>
        services.AddSingleton(new MigrationSource(assembly));
}

/// <summary>
/// An assembly whose embedded Migrations/*.sql are part of a service's schema. Building blocks (audit, outbox,
/// account directory) are applied before the service's own scripts, which may build on their tables.
/// </summary>
public sealed record MigrationSource(Assembly Assembly, bool ServiceOwned = false);
