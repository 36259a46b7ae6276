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
    /// One Npgsql data source from ConnectionStrings:{name} (Aspire's contract), a health check for it, and the
    /// SQL migrations embedded in the given assemblies applied before the service starts.
    /// </summary>
    public static IHostApplicationBuilder AddKaDatabase(this IHostApplicationBuilder builder, string name, params Assembly[] migrationAssemblies)
    {
        var connectionString = builder.Configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not configured.");
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyHandler());

        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString) { Name = name }.Build());
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

    /// <summary>Adds an assembly's embedded Migrations/*.sql; building blocks (the outbox) add theirs the same way.</summary>
    public static IServiceCollection AddMigrations(this IServiceCollection services, Assembly assembly) =>
        services.AddSingleton(new MigrationSource(assembly));
}

/// <summary>
/// An assembly whose embedded Migrations/*.sql are part of a service's schema. Building blocks (audit, outbox,
/// account directory) are applied before the service's own scripts, which may build on their tables.
/// </summary>
public sealed record MigrationSource(Assembly Assembly, bool ServiceOwned = false);
