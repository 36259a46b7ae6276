namespace KaPlatform.Success.Api.Shared;

/// <summary>Bound from "Success". Defaults are docs/product.md's (§4.1 weights and cadences, §4.3 lead time).</summary>
public sealed class SuccessOptions
{
    public const string Section = "Success";

    public string BaseCurrency { get; set; } = "CNY";

    /// <summary>RenewalDue is published this many days before a contract's end date.</summary>
    public int RenewalLeadDays { get; set; } = 120;

    /// <summary>How often the daily scan (health, engagement gaps, renewals) runs; shorter in tests.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromDays(1);

    public Dictionary<string, int> Weights { get; set; } = new()
    {
        ["payment"] = 25, ["engagement"] = 20, ["relationship"] = 25, ["sponsor_stability"] = 15, ["satisfaction"] = 15,
    };

    /// <summary>Days of silence tolerated per class; accounts not yet classified use the B cadence.</summary>
    public Dictionary<string, int> CadenceDays { get; set; } = new() { ["A"] = 30, ["B"] = 45, ["C"] = 30, ["D"] = 90 };

    /// <summary>Units of base currency per unit of another currency, for revenue metrics.</summary>
    public Dictionary<string, decimal> FxRates { get; set; } = new();

    public int Cadence(string? accountClass) =>
        accountClass is not null && CadenceDays.TryGetValue(accountClass, out var days) ? days : CadenceDays.GetValueOrDefault("B", 45);
}
