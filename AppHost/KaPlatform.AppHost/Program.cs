using System.Diagnostics;
using KaPlatform.AppHost;

var clock = Stopwatch.StartNew();
var log = new ConsoleLog();

if (!AppHostOptions.TryParse(args, out var options, out var error))
{
    log.Error(error);
    log.Error("Run with --help for the options.");
    return ExitCodes.BadArguments;
}

if (options.ShowHelp)
{
    Console.Out.Write(AppHostOptions.Usage);
    return ExitCodes.Ok;
}

using var shutdown = new ShutdownSignal(log);
return await Launcher.RunAsync(options, shutdown, log, clock);
