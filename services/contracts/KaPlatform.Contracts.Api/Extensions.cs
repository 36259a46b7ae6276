using KaPlatform.AccountDirectory;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Data;

namespace KaPlatform.Contracts.Api;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddKaDatabase("contractsdb", typeof(Program).Assembly);
        builder.Services.AddAccountDirectory();
        builder.AddKaMessaging("contracts", bus => bus.AddAccountDirectoryConsumers());
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapAccountDirectory("/api/contracts/accounts");
    }
}
