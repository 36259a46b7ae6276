using System.Runtime.InteropServices;
using KaPlatform.LocalInfra;

// Usage: KaPlatform.TestEnvironment <dir>. Writes <dir>/env (KEY=value lines for the test fixtures) once both are
// ready, then runs until SIGTERM/SIGINT and stops exactly what it started.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: KaPlatform.TestEnvironment <directory>");
    return 2;
}

var root = Path.GetFullPath(args[0]);
var stop = new TaskCompletionSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });

var postgres = PostgresServer.StartAsync(Path.Combine(root, "postgres"), FreePort.Next(), fast: true);
var broker = RabbitMqServer.StartAsync(Path.Combine(root, "rabbitmq"), FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
// Both awaited before either is kept: if one fails, the one that started must still be stopped.
try
{
    await Task.WhenAll(postgres, broker);
}
catch
{
    if (postgres.IsCompletedSuccessfully)
    {
        await postgres.Result.DisposeAsync();
    }

    if (broker.IsCompletedSuccessfully)
    {
        await broker.Result.DisposeAsync();
    }

    throw;
}

await using var pg = postgres.Result;
await using var mq = broker.Result;

File.WriteAllLines(Path.Combine(root, "env.tmp"),
[
    $"KA_TEST_POSTGRES='{pg.ConnectionString()}'",
    $"KA_TEST_EVENTBUS='{mq.ConnectionString()}'",
    $"KA_TEST_BROKER_MANAGEMENT='{mq.ManagementUrl}'",
]);
File.Move(Path.Combine(root, "env.tmp"), Path.Combine(root, "env")); // appears whole or not at all
Console.WriteLine($"PostgreSQL on {pg.Port}, RabbitMQ on {mq.AmqpPort} (management {mq.ManagementPort}) — ready");

await stop.Task;
Console.WriteLine("stopping test infrastructure");
return 0;
