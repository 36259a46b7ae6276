using System.Collections.Concurrent;
using System.Reflection;
using MassTransit;

namespace KaPlatform.Messaging;

/// <summary>
/// A consumer's stable name: its queue is `{service}-{name}` and its inbox rows are keyed by the name, so renaming or
/// moving the class neither orphans the queue (with the messages in it) nor forgets which messages were applied.
/// Every consumer carries one; tests/KaPlatform.Unit.Tests pins them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ConsumerNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    private static readonly ConcurrentDictionary<Type, string> Names = new();

    public static string Of(Type consumer) => Names.GetOrAdd(consumer, type =>
        type.GetCustomAttribute<ConsumerNameAttribute>()?.Name
        ?? throw new InvalidOperationException($"{type.FullName} has no [ConsumerName]: give it a stable name before it goes live."));
}

/// <summary>Queue names: `{service}-{stable consumer name}`; everything else as MassTransit's kebab-case formatter.</summary>
internal sealed class StableEndpointNameFormatter(string prefix) : IEndpointNameFormatter
{
    private readonly KebabCaseEndpointNameFormatter kebab = new(prefix, includeNamespace: false);

    public string Separator => kebab.Separator;

    public string Consumer<T>() where T : class, IConsumer => $"{prefix}-{ConsumerNameAttribute.Of(typeof(T))}";

    public string TemporaryEndpoint(string tag) => kebab.TemporaryEndpoint(tag);

    public string Message<T>() where T : class => kebab.Message<T>();

    public string Saga<T>() where T : class, ISaga => kebab.Saga<T>();

    public string ExecuteActivity<T, TArguments>() where T : class, IExecuteActivity<TArguments> where TArguments : class =>
        kebab.ExecuteActivity<T, TArguments>();

    public string CompensateActivity<T, TLog>() where T : class, ICompensateActivity<TLog> where TLog : class =>
        kebab.CompensateActivity<T, TLog>();

    public string SanitizeName(string name) => kebab.SanitizeName(name);
}
