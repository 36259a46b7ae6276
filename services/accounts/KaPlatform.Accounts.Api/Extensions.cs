using KaPlatform.Accounts.Api.Plans;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Data;

namespace KaPlatform.Accounts.Api;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddKaDatabase("accountsdb", typeof(Program).Assembly);
        // Plan progress actuals (SPEC §1.6) come from the opportunities and contracts services' events.
        builder.AddKaMessaging("accounts", bus =>
        {
            bus.AddConsumer<OnOpportunityOpened>();
            bus.AddConsumer<OnOpportunityWon>();
            bus.AddConsumer<OnContractSigned>();
            bus.AddConsumer<OnPaymentReceived>();
        });
    }
}
