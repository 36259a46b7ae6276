using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KaPlatform.Messaging.Inbox;

/// <summary>
/// The process's <see cref="InboxBatcher"/>s, one per consumer and database. "Messaging:InboxBatchLimit" caps the
/// messages of one transaction (default 32; 1 turns batching off: one transaction per message, as before), and
/// "Messaging:InboxBatchWorkers" how many transactions of one consumer run side by side (default 2, one per core
/// here). A batch is also never larger than what the queue hands over at once (ConsumerConcurrency).
/// </summary>
public sealed class InboxBatching(IConfiguration configuration, ILoggerFactory? loggers = null) : IAsyncDisposable
{
    public const int DefaultLimit = 32;
    public const int DefaultWorkers = 2;

    private readonly ConcurrentDictionary<(Type Consumer, NpgsqlDataSource Db), Lazy<InboxBatcher>> batchers = new();
    private readonly int limit = LimitOf(configuration);
    private readonly int workers = Math.Max(1, configuration.GetValue<int?>("Messaging:InboxBatchWorkers") ?? DefaultWorkers);
    private readonly ILogger logger = (ILogger?)loggers?.CreateLogger<InboxBatching>() ?? NullLogger.Instance;
    private volatile bool disposed;

    public static bool Enabled(IConfiguration configuration) => LimitOf(configuration) > 1;

    private static int LimitOf(IConfiguration configuration) => configuration.GetValue<int?>("Messaging:InboxBatchLimit") ?? DefaultLimit;

    internal InboxBatcher? For(Type consumer, NpgsqlDataSource db)
    {
        if (limit <= 1 || disposed)
        {
            return null;
        }

        // Lazy: two first messages racing must not start two sets of workers. Static factory with its argument: this
        // runs for every message, and a lambda capturing `this` would allocate a delegate each time.
        return batchers.GetOrAdd((consumer, db), static (key, self) => new Lazy<InboxBatcher>(() => self.Create(key.Consumer, key.Db)), this).Value;
    }

    private InboxBatcher Create(Type consumer, NpgsqlDataSource db) => new(db, ConsumerNameAttribute.Of(consumer), limit, workers, logger);

    public async ValueTask DisposeAsync()
    {
        disposed = true;
        foreach (var batcher in batchers.Values.Where(b => b.IsValueCreated))
        {
            await batcher.Value.DisposeAsync();
        }
    }
}
