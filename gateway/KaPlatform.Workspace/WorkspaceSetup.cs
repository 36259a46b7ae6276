using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KaPlatform.Workspace;

public static class WorkspaceSetup
{
    /// <summary>
    /// Everything the page loads comes from this origin: the policy makes the browser refuse any outside address, so
    /// a forgotten CDN link fails loudly in the browser tests instead of silently on an intranet.
    /// </summary>
    private static string ContentSecurityPolicy(string? authority) =>
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        $"font-src 'self'; connect-src 'self'{ProviderOrigin(authority)}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>The identity provider is the one other origin the page may call (discovery, token exchange and refresh).</summary>
    private static string ProviderOrigin(string? authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : "";

    public static IHostApplicationBuilder AddWorkspace(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkspaceOptions>().BindConfiguration(WorkspaceOptions.Section);
        return builder;
    }

    /// <summary>
    /// Serves index.html at / and the files under /app/. Placed before authentication: the shell and its scripts are
    /// public, every /api call they make carries the user's token like any other client.
    /// </summary>
    public static WebApplication UseWorkspace(this WebApplication app)
    {
        var root = app.Services.GetRequiredService<IOptions<WorkspaceOptions>>().Value.Root;
        var policy = ContentSecurityPolicy(app.Services.GetRequiredService<AuthOptions>().Authority);
        IFileProvider files = string.IsNullOrEmpty(root)
            ? new ManifestEmbeddedFileProvider(typeof(WorkspaceSetup).Assembly, "wwwroot")
            : new PhysicalFileProvider(Path.GetFullPath(root));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Revalidate every time (the ETag makes it cheap): a new deployment is picked up on the next load.
                headers.CacheControl = "no-cache";
            },
        });
        app.MapWorkspaceConfig();
        return app;
    }
}
