using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Messaging.Tests;

public sealed record Tallied(Guid EventId, DateTimeOffset OccurredAt, Guid AccountId, string Key) : IIntegrationEvent;
