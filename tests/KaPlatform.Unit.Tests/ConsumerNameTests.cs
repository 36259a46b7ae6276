using System.Reflection;
using KaPlatform.Messaging;
using MassTransit;

namespace KaPlatform.Unit.Tests;

/// <summary>
/// Queue names and inbox keys come from [ConsumerName], not from class names: this list is the contract with the
/// broker (queues holding messages) and with each database's inbox. Change a name here only with a migration.
/// </summary>
public sealed class ConsumerNameTests
{
    private static readonly Dictionary<string, Assembly> Assemblies = new()
    {
        ["account-directory"] = typeof(KaPlatform.AccountDirectory.OnAccountRegistered).Assembly,
        ["accounts"] = typeof(KaPlatform.Accounts.Api.Accounts.ListAccounts).Assembly,
        ["opportunities"] = typeof(KaPlatform.Opportunities.Api.Opportunities.Stages).Assembly,
        ["contracts"] = typeof(KaPlatform.Contracts.Api.Contracts.ContractStatus).Assembly,
        ["success"] = typeof(KaPlatform.Success.Api.Health.HealthScore).Assembly,
    };

    private static readonly Dictionary<string, string[]> Pinned = new()
    {
        ["account-directory"] = ["on-account-registered", "on-account-team-changed", "on-account-updated"],
        ["accounts"] = ["on-contract-signed", "on-opportunity-opened", "on-opportunity-won", "on-payment-received"],
        ["opportunities"] =
        [
            "on-account-classified", "on-account-region-changed", "on-expansion-identified", "on-interaction-logged", "on-renewal-due",
            "on-stakeholder-added", "on-stakeholder-departed", "on-stakeholder-updated",
        ],
        ["contracts"] = ["on-opportunity-won", "on-stakeholder-added", "on-stakeholder-departed"],
        ["success"] =
        [
            "on-account-plan-review-due", "on-bid-deadline-approaching", "on-opportunity-stuck", "on-target-changed",
            "project-account-classified", "project-account-registered", "project-contract-completed", "project-contract-drafted",
            "project-contract-signed", "project-interaction-logged", "project-invoice-requested", "project-lead-qualified",
            "project-lead-referred", "project-milestone-overdue", "project-opportunity-lost", "project-opportunity-opened",
            "project-opportunity-stage-changed", "project-opportunity-won", "project-payment-received", "project-stakeholder-added",
            "project-stakeholder-departed", "project-stakeholder-updated",
        ],
    };

    private static IEnumerable<Type> Consumers(Assembly assembly) =>
        assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConsumer).IsAssignableFrom(t));

    [Fact]
    public void Every_consumer_has_a_stable_name_unique_in_its_service()
    {
        foreach (var (owner, assembly) in Assemblies)
        {
            var names = Consumers(assembly).Select(t => (Type: t, Name: t.GetCustomAttribute<ConsumerNameAttribute>()?.Name)).ToList();
            Assert.All(names, n => Assert.False(string.IsNullOrWhiteSpace(n.Name), $"{n.Type.FullName} has no [ConsumerName]"));
            Assert.Equal(names.Count, names.Select(n => n.Name).Distinct().Count());
            Assert.All(names, n => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", n.Name!));
        }
    }

    [Fact]
    public void The_names_are_the_pinned_ones()
    {
        foreach (var (owner, assembly) in Assemblies)
        {
            Assert.Equal(Pinned[owner], Consumers(assembly).Select(t => ConsumerNameAttribute.Of(t)).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void A_consumer_without_a_name_is_refused_before_it_can_consume()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => ConsumerNameAttribute.Of(typeof(ConsumerNameTests)));
        Assert.Contains("[ConsumerName]", refusal.Message);
    }
}
