using KaPlatform.LocalInfra;

namespace KaPlatform.Workspace.Tests;

/// <summary>Where screenshots go: artifacts/screenshots at the repository root, kept by CI as test artefacts.</summary>
internal static class Artifacts
{
    public static string ScreenshotDirectory { get; } = Create();

    private static string Create()
    {
        var directory = Environment.GetEnvironmentVariable("KA_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(PlatformLayout.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        return directory;
    }
}
