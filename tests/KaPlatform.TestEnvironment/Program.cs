using System.Runtime.InteropServices;
using KaPlatform.TestInfrastructure;

// Usage: KaPlatform.TestEnvironment <dir>. Starts PostgreSQL and RabbitMQ the way a test assembly would on its own
// (Testcontainers with our images where a Docker engine answers, else this machine's binaries; it prints the
// "test infrastructure: ..." line tests/run.sh shows), writes <dir>/env (KEY=value lines for the test fixtures) once
// both are ready, then runs until SIGTERM/SIGINT and stops exactly what it started.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: KaPlatform.TestEnvironment <directory>");
    return 2;
}

var root = Path.GetFullPath(args[0]);
var stop = new TaskCompletionSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });

// This process is where the run's connection strings come from: any inherited ones would only be passed through.
foreach (var name in (string[])["KA_TEST_POSTGRES", "KA_TEST_EVENTBUS", "KA_TEST_BROKER_MANAGEMENT"])
{
    Environment.SetEnvironmentVariable(name, null);
}

await using var source = await InfrastructureSources.StartAsync();

File.WriteAllLines(Path.Combine(root, "env.tmp"),
[
    $"KA_TEST_POSTGRES='{source.PostgresAdmin}'",
    $"KA_TEST_EVENTBUS='{source.EventBus}'",
    $"KA_TEST_BROKER_MANAGEMENT='{source.ManagementUri}'",
]);
File.Move(Path.Combine(root, "env.tmp"), Path.Combine(root, "env"), overwrite: true); // appears whole or not at all; replaces a stale one
Console.WriteLine("test infrastructure ready");

await stop.Task;
Console.WriteLine("stopping test infrastructure");
return 0;
