using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Data;

namespace KaPlatform.Accounts.Api;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddKaDatabase("accountsdb", typeof(Program).Assembly);
        builder.AddKaMessaging("accounts");
    }
}
