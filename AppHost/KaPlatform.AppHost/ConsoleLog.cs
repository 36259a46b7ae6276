using KaPlatform.LocalInfra;

namespace KaPlatform.AppHost;

/// <summary>
/// All output of the AppHost and of every process it runs, one line at a time, each process's lines prefixed with
/// its name. Colours only on a terminal, so a log file or a pipe stays plain text.
/// </summary>
internal sealed class ConsoleLog
{
    private const string Reset = "\e[0m";
    private static readonly string[] Palette = ["\e[36m", "\e[32m", "\e[33m", "\e[35m", "\e[34m", "\e[96m", "\e[92m"];

    private readonly Lock gate = new();
    private readonly Dictionary<string, string> colours = new();
    private readonly bool colourOut = UseColour(Console.IsOutputRedirected);
    private readonly bool colourError = UseColour(Console.IsErrorRedirected);

    public ConsoleLog()
    {
        foreach (var (service, index) in PlatformLayout.Services.Append(PlatformLayout.Gateway).Select((s, i) => (s, i)))
        {
            colours[service.Name] = Palette[index % Palette.Length];
        }
    }

    public void Resource(string name, string line) =>
        Write(Console.Out, colourOut ? $"{colours.GetValueOrDefault(name, Palette[^1])}[{name}]{Reset} {line}" : $"[{name}] {line}");

    public void Info(string message) => Write(Console.Out, message);

    /// <summary>What the reader should not miss (the table, the start time).</summary>
    public void Highlight(string message) => Write(Console.Out, colourOut ? $"\e[1m{message}{Reset}" : message);

    public void Error(string message) => Write(Console.Error, colourError ? $"\e[31m{message}{Reset}" : message);

    private void Write(TextWriter writer, string line)
    {
        lock (gate)
        {
            try
            {
                writer.WriteLine(line);
            }
            catch (IOException)
            {
                // A closed pipe (e.g. `| head`) must not crash the AppHost: that would orphan everything it started.
            }
        }
    }

    private static bool UseColour(bool redirected) =>
        !redirected && Environment.GetEnvironmentVariable("NO_COLOR") is null && Environment.GetEnvironmentVariable("TERM") != "dumb";
}
