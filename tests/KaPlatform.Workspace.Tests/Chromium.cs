using Microsoft.Playwright;

namespace KaPlatform.Workspace.Tests;

/// <summary>
/// Debian's chromium (apt package chromium), never a browser Playwright downloads: the machines running these tests
/// have no route to the download servers. KA_CHROMIUM points elsewhere when needed.
/// </summary>
internal static class Chromium
{
    public static BrowserTypeLaunchOptions LaunchOptions()
    {
        var path = Environment.GetEnvironmentVariable("KA_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"No browser at {path}. Install Debian's chromium (tests/run.sh does: apt-get install chromium) or set KA_CHROMIUM.");
        }

        return new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            // A closed network: background services would only produce refused connections and delays.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        };
    }
}
