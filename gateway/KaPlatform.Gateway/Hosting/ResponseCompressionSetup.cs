using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KaPlatform.Gateway.Hosting;

/// <summary>
/// Brotli or gzip for what the gateway sends a browser: the workspace's scripts and styles (~670 KB as written) and
/// the services' JSON and CSV, which can be large (a region's revenue answer at ×10 is 38 MB). Compressed here, once,
/// rather than in every service: the services answer the gateway over loopback, where bytes cost nothing. Clients that
/// send no Accept-Encoding (the ERP, wrk, the harness) get identity as before. Fastest levels: the gateway's CPU per
/// request is what issue 18 measures, and on a phone the bytes, not the last percent of ratio, are what count.
/// </summary>
public static class ResponseCompressionSetup
{
    private static readonly string[] Compressible =
    [
        "text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml", "application/manifest+json",
        "application/json", "application/problem+json", "text/csv", "text/plain",
    ];

    public static IHostApplicationBuilder AddGatewayCompression(this IHostApplicationBuilder builder)
    {
        builder.Services.AddResponseCompression(o =>
        {
            // BREACH needs a secret the browser attaches by itself (a cookie) in a compressed answer that also
            // reflects attacker input; the API is called with a bearer token the workspace's script attaches, so
            // a foreign page cannot make it answer. Compression stays on behind TLS (docs/decisions.md).
            o.EnableForHttps = true;
            // gzip first: a browser offers both, and the first listed wins. On proxied answers Brotli's fastest level
            // loses ratio at every flush the proxy makes (38 MB of JSON: 9.4 MB against gzip's 7.2 MB).
            o.Providers.Add<GzipCompressionProvider>();
            o.Providers.Add<BrotliCompressionProvider>();
            o.MimeTypes = Compressible;
        });
        builder.Services.Replace(ServiceDescriptor.Singleton<IResponseCompressionProvider, SizedCompressionProvider>());
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return builder;
    }

    /// <summary>Compression outside, the hold on small answers inside it, so the length it sets is seen in time.</summary>
    public static WebApplication UseGatewayCompression(this WebApplication app)
    {
        app.UseResponseCompression();
        app.UseMiddleware<SmallAnswers>();
        return app;
    }
}
