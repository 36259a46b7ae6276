using System.Reflection;

namespace KaPlatform.Gateway.ApiDocs;

/// <summary>
/// /api-docs (docs/product.md §0): the API reference of the four services, rendered by Scalar's standalone script taken from the
/// Scalar.AspNetCore package rather than a CDN. The page is our own (Scalar's would need an inline script, which the
/// self-only policy refuses) and carries the workspace's policy.
/// </summary>
public static class ApiDocsSetup
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        var own = typeof(ApiDocsSetup).Assembly;
        var scalar = typeof(Scalar.AspNetCore.ScalarOptions).Assembly;
        Serve(app, "/api-docs", own, "KaPlatform.Gateway.ApiDocs.index.html", "text/html; charset=utf-8");
        Serve(app, "/api-docs/api-docs.js", own, "KaPlatform.Gateway.ApiDocs.api-docs.js", "text/javascript; charset=utf-8");
        Serve(app, "/api-docs/scalar.js", scalar, "ScalarStaticAssets.scalar.js", "text/javascript; charset=utf-8");
        return app;
    }

    private static void Serve(WebApplication app, string path, Assembly assembly, string resource, string contentType)
    {
        var bytes = Read(assembly, resource);
        app.MapGet(path, (HttpContext context) =>
        {
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(bytes, contentType);
        }).AllowAnonymous().ExcludeFromDescription();
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Resource {resource} is missing from {assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
