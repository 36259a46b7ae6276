using KaPlatform.ServiceDefaults.Hosting;
using MassTransit;

namespace KaPlatform.Messaging;

/// <summary>
/// A consumed message is work for a caller, like a request: the idle trim does not pause a process that is busy with
/// them (<see cref="ServedCount"/>; at 200 wins/s contracts-api serves no request but every message is on the path
/// the won pipeline's latency measures).
/// </summary>
internal sealed class ServedMessages(ServedCount served) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        served.Add();
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
