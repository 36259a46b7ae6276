using System.Text.RegularExpressions;
using KaPlatform.LocalInfra;

namespace KaPlatform.Workspace.Tests;

/// <summary>
/// Intranets have no internet: no file of the workspace may name an outside address. (The browser tests also record
/// every request a page makes and fail on any that leaves the gateway's origin.)
/// </summary>
public sealed partial class OfflineAssetsTests
{
    [Fact]
    public void No_workspace_file_refers_to_an_outside_address()
    {
        var root = Path.Combine(PlatformLayout.RepositoryRoot(), "gateway", "KaPlatform.Workspace", "wwwroot");
        // What a browser runs or renders; licence texts and notes of vendored libraries name their homes but are never fetched.
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is not (".txt" or ".md"))
            .ToArray();
        Assert.Contains(files, f => f.EndsWith("main.js", StringComparison.Ordinal));

        var offenders = files
            .SelectMany(f => Url().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(root, f)}: {m.Value}"))
            .Where(hit => !Identifiers.Any(id => hit.EndsWith(": " + id, StringComparison.Ordinal)))
            .ToArray();
        Assert.Empty(offenders);
    }

    /// <summary>Names that look like addresses but are never fetched: the SVG namespace and a role claim type.</summary>
    private static readonly string[] Identifiers =
    [
        "http://www.w3.org/2000/svg",
        "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
    ];

    [GeneratedRegex(@"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s'""`)]*", RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}
