using KaPlatform.ServiceDefaults.Data;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KaPlatform.AccountDirectory;

public static class AccountDirectorySetup
{
    /// <summary>The directory's table (call after AddKaDatabase) and its consumers (inside AddKaMessaging's configuration).</summary>
    public static IServiceCollection AddAccountDirectory(this IServiceCollection services) =>
        services.AddMigrations(typeof(AccountDirectorySetup).Assembly);

    public static void AddAccountDirectoryConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<OnAccountRegistered>();
        bus.AddConsumer<OnAccountUpdated>();
        bus.AddConsumer<OnAccountTeamChanged>();
    }

    /// <summary>GET {prefix}/{id}: e.g. /api/opportunities/accounts/{id}.</summary>
    public static RouteHandlerBuilder MapAccountDirectory(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGet(prefix + "/{id:guid}", GetDirectoryAccount.HandleAsync).WithTags("Account directory")
            .WithSummary("This service's copy of an account (owner, team, region), under the same visibility as accounts-api");
}
