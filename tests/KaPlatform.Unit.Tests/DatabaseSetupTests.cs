using KaPlatform.ServiceDefaults.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace KaPlatform.Unit.Tests;

/// <summary>The pooled connection settings a service's data source is built with (building it connects to nothing).</summary>
public sealed class DatabaseSetupTests
{
    [Fact]
    public void Pooled_connections_are_not_reset_when_given_back()
    {
        var built = Build("Host=localhost;Username=ka");

        Assert.True(built.NoResetOnClose);
        Assert.Equal(DatabaseSetup.DefaultMaxAutoPrepare, built.MaxAutoPrepare);
    }

    [Fact]
    public void Configuration_restores_the_reset()
    {
        Assert.False(Build("Host=localhost;Username=ka", ("Database:ResetOnClose", "true")).NoResetOnClose);
    }

    [Fact]
    public void A_connection_string_that_names_the_reset_wins()
    {
        Assert.False(Build("Host=localhost;Username=ka;No Reset On Close=false").NoResetOnClose);
        Assert.True(Build("Host=localhost;Username=ka;No Reset On Close=true", ("Database:ResetOnClose", "true")).NoResetOnClose);
    }

    [Fact]
    public void Every_session_plans_each_run_unless_configured_otherwise()
    {
        Assert.Equal("-c jit=off -c plan_cache_mode=force_custom_plan", Build("Host=localhost;Username=ka").Options);
        Assert.Equal("-c jit=off -c plan_cache_mode=auto", Build("Host=localhost;Username=ka", ("Database:PlanCacheMode", "auto")).Options);
        Assert.Throws<InvalidOperationException>(() => Build("Host=localhost;Username=ka", ("Database:PlanCacheMode", "auto; DROP TABLE x")));
    }

    [Fact]
    public void Key_lookups_have_their_own_sessions_that_keep_generic_plans_and_otherwise_the_same_settings()
    {
        var lookups = Build("Host=localhost;Username=ka", DatabaseSetup.PointLookups);
        Assert.Equal("-c jit=off -c plan_cache_mode=auto", lookups.Options);
        Assert.True(lookups.NoResetOnClose);
        Assert.Equal(DatabaseSetup.DefaultMaxAutoPrepare, lookups.MaxAutoPrepare);
        Assert.Equal("-c jit=off -c plan_cache_mode=force_custom_plan",
            Build("Host=localhost;Username=ka", DatabaseSetup.PointLookups, ("Database:PointLookupPlanCacheMode", "force_custom_plan")).Options);
        Assert.Equal("-c jit=off -c plan_cache_mode=force_custom_plan",
            Build("Host=localhost;Username=ka", ("Database:PointLookupPlanCacheMode", "auto")).Options);
        Assert.Throws<InvalidOperationException>(() => Build("Host=localhost;Username=ka", DatabaseSetup.PointLookups, ("Database:PointLookupPlanCacheMode", "sometimes")));
    }

    private static NpgsqlConnectionStringBuilder Build(string connectionString, params (string Key, string Value)[] settings) =>
        Build(connectionString, serviceKey: null, settings);

    private static NpgsqlConnectionStringBuilder Build(string connectionString, string? serviceKey, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:testdb"] = connectionString;
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.AddKaDatabase("testdb");
        using var host = builder.Build();
        using var dataSource = serviceKey is null ? host.Services.GetRequiredService<NpgsqlDataSource>() : host.Services.GetRequiredKeyedService<NpgsqlDataSource>(serviceKey);
        return new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
    }
}
