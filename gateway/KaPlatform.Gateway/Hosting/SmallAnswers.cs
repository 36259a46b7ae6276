using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace KaPlatform.Gateway.Hosting;

/// <summary>
/// Answers too small to gain from compression leave uncompressed. The services' JSON arrives chunked, without a
/// length, so the start of each answer is held: one that ends within <see cref="Limit"/> bytes leaves with its length
/// (and <see cref="SizedCompressionProvider"/> then leaves it alone); a longer one streams on from there. Measured
/// before this: a 300-byte answer shrank by 4 % and cost the gateway ~0.025 ms more CPU (docs/decisions.md).
/// Held means the proxy's flushes wait until the answer ends or outgrows the limit: nothing the platform answers is a
/// stream of small events.
/// </summary>
public sealed class SmallAnswers(RequestDelegate next)
{
    /// <summary>About one TCP segment: below it compression saves no round trip.</summary>
    public const int Limit = 1400;

    public async Task InvokeAsync(HttpContext context)
    {
        // A client that asks for no compression (the ERP, wrk, the harness) gets its answer as before, at no cost.
        if (!context.Request.Headers.ContainsKey(HeaderNames.AcceptEncoding))
        {
            await next(context);
            return;
        }

        var inner = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        await using var holding = new HoldingStream(context.Response, inner.Stream);
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(holding, inner));
        try
        {
            await next(context);
            await holding.FinishAsync(context.RequestAborted);
        }
        finally
        {
            context.Features.Set(inner);
        }
    }

    private sealed class HoldingStream(HttpResponse response, Stream inner) : Stream
    {
        private readonly MemoryStream held = new();
        private bool passing;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!passing && response.ContentLength is null && held.Length + buffer.Length <= Limit)
            {
                held.Write(buffer.Span);
                return;
            }

            await PassAsync(cancellationToken);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        // Held bytes wait for the end or for more: a flush would send the headers without a length.
        public override Task FlushAsync(CancellationToken cancellationToken) => passing ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

        public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

        /// <summary>The answer ended: what is still held leaves with its length.</summary>
        public async Task FinishAsync(CancellationToken cancellationToken)
        {
            if (passing || held.Length == 0)
            {
                return;
            }

            if (!response.HasStarted && response.ContentLength is null)
            {
                response.ContentLength = held.Length;
            }

            await PassAsync(cancellationToken);
        }

        private async Task PassAsync(CancellationToken cancellationToken)
        {
            if (passing)
            {
                return;
            }

            passing = true;
            if (held.Length > 0)
            {
                await inner.WriteAsync(held.GetBuffer().AsMemory(0, (int)held.Length), cancellationToken);
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            held.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>Compresses only answers of unknown length or of at least <see cref="SmallAnswers.Limit"/> bytes.</summary>
public sealed class SizedCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
    : ResponseCompressionProvider(services, options)
{
    public override bool ShouldCompressResponse(HttpContext context) =>
        (context.Response.ContentLength is not { } length || length >= SmallAnswers.Limit) && base.ShouldCompressResponse(context);
}
