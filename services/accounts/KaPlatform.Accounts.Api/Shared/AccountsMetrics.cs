using System.Diagnostics.Metrics;

namespace KaPlatform.Accounts.Api.Shared;

/// <summary>Business meters a sales-ops dashboard reads next to the technical ones.</summary>
internal static class AccountsMetrics
{
    private static readonly Meter Meter = new("KaPlatform.Accounts");

    public static readonly Counter<long> Registered = Meter.CreateCounter<long>("ka.accounts.registered", description: "Accounts registered");
}
