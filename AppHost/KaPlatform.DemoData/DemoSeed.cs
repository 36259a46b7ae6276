using System.Diagnostics;

namespace KaPlatform.DemoData;

/// <summary>
/// The demo data: every page of the workspace filled with believable data for the demo users
/// (<see cref="DemoUser.All"/>), created through the gateway as those users with dev tokens. What it contains and why
/// is in docs/demo-data.md. Dates are relative to the day it runs (in China time, like finance's calendar). Meant for a fresh platform: run it once per data
/// directory (the AppHost keeps a marker file); a second run would add a second set of the same records.
/// </summary>
public static class DemoSeed
{
    /// <summary>In order: a step may use ids created by the ones before it.</summary>
    private static readonly (string Name, Func<SeedClient, CancellationToken, Task> Run)[] Steps =
    [
        ("user directory", DemoDirectory.RecordAsync),
        ("accounts", DemoAccounts.RegisterAsync),
        ("stakeholders", DemoStakeholders.AddAsync),
        ("stance changes", DemoStakeholders.UpdateAsync),
        ("classification", DemoAccounts.AssessAsync),
        ("visits", DemoVisits.LogAsync),
        ("account plans", DemoPlans.CreateAsync),
        ("pipeline", DemoPipeline.CreateAsync),
        ("contracts", DemoContracts.CreateAsync),
        ("customer success", DemoSuccess.CreateAsync),
        ("reminders", DemoReminders.RunAsync),
    ];

    /// <summary>
    /// Creates the demo data through <paramref name="gateway"/> (its BaseAddress is the gateway's URL; dev tokens must be
    /// on) and returns the ids of what it created by key: "account:cmcc-zj", "stakeholder:cmcc-zj:gm",
    /// "opportunity:cmcc-zj-5g-core", "bid:…", "contract:…", "lead:…", "target:key_account_manager:2026", ...
    /// </summary>
    public static Task<IReadOnlyDictionary<string, Guid>> CreateAsync(HttpClient gateway, CancellationToken cancellationToken) =>
        CreateAsync(gateway, null, cancellationToken);

    /// <param name="log">Receives one line per step with its duration (null: silent).</param>
    public static Task<IReadOnlyDictionary<string, Guid>> CreateAsync(HttpClient gateway, Action<string>? log, CancellationToken cancellationToken) =>
        CreateAsync(gateway, log, null, cancellationToken);

    /// <param name="provider">Where the demo users' tokens come from when dev tokens are off (null: dev tokens).</param>
    public static async Task<IReadOnlyDictionary<string, Guid>> CreateAsync(HttpClient gateway, Action<string>? log, ProviderSignIn? provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var client = new SeedClient(gateway, new DemoCalendar(DateOnly.FromDateTime(DateTime.UtcNow + DemoCalendar.Offset)), log, provider);
        var total = Stopwatch.StartNew();
        foreach (var (name, run) in Steps)
        {
            var step = Stopwatch.StartNew();
            try
            {
                await run(client, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new InvalidOperationException($"Demo seed step '{name}' failed: {ex.Message}", ex);
            }

            log?.Invoke($"  {name,-18} {step.ElapsedMilliseconds,6} ms");
        }

        log?.Invoke($"  {"total",-18} {total.ElapsedMilliseconds,6} ms, {client.Requests} requests");
        return client.Ids;
    }
}
