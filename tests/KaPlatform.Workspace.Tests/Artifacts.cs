namespace KaPlatform.Workspace.Tests;

/// <summary>Where screenshots go: artifacts/screenshots at the repository root, kept by CI as test artefacts.</summary>
internal static class Artifacts
{
    public static string ScreenshotDirectory { get; } = Create();

    private static string Create()
    {
        var directory = Environment.GetEnvironmentVariable("KA_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KaPlatform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (KaPlatform.sln) not found above " + AppContext.BaseDirectory);
    }
}
