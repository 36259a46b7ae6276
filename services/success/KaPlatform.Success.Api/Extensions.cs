using KaPlatform.AccountDirectory;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Data;

namespace KaPlatform.Success.Api;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddKaDatabase("successdb", typeof(Program).Assembly);
        builder.Services.AddAccountDirectory();
        builder.AddKaMessaging("success", bus => bus.AddAccountDirectoryConsumers());
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapAccountDirectory("/api/success/accounts");
    }
}
