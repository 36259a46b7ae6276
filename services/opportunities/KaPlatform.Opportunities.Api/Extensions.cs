using KaPlatform.AccountDirectory;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Data;

namespace KaPlatform.Opportunities.Api;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddKaDatabase("opportunitiesdb", typeof(Program).Assembly);
        builder.Services.AddAccountDirectory();
        builder.AddKaMessaging("opportunities", bus => bus.AddAccountDirectoryConsumers());
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapAccountDirectory("/api/opportunities/accounts");
    }
}
