using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;

using KaPlatform.Gateway.Hosting;

namespace KaPlatform.Gateway.Tests;

/// <summary>What a browser gets compressed (workspace files, proxied JSON) and what a client that does not ask gets as it was.</summary>
public sealed class CompressionTests(StubBackendsFixture backends) : IClassFixture<StubBackendsFixture>
{
    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task A_workspace_script_leaves_compressed_and_unpacks_to_the_same_bytes(string encoding)
    {
        await using var gateway = GatewayFactory.Start(backends);
        var plain = await GetAsync(gateway.Client(), "/app/texts.js", null);
        var packed = await GetAsync(gateway.Client(), "/app/texts.js", encoding);

        Assert.Equal(encoding, Assert.Single(packed.Response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", packed.Response.Headers.Vary);
        Assert.Empty(plain.Response.Content.Headers.ContentEncoding);
        Assert.Equal(plain.Body, Unpack(packed.Body, encoding));
        // A browser offers both: gzip is chosen (it keeps more of its ratio on proxied answers).
        Assert.Equal("gzip", Assert.Single((await GetAsync(gateway.Client(), "/app/texts.js", "br, gzip")).Response.Content.Headers.ContentEncoding));
        // Half Chinese text (three bytes a character, little repetition): 45 % (br) and 52 % (gzip) at the fastest levels.
        Assert.True(packed.Body.Length * 10 < plain.Body.Length * 6, $"{encoding}: {packed.Body.Length:N0} of {plain.Body.Length:N0} bytes");
    }

    [Fact]
    public async Task A_proxied_json_answer_leaves_compressed_for_a_browser_and_as_it_was_for_a_client_that_does_not_ask()
    {
        await using var gateway = GatewayFactory.Start(backends);
        var packed = await GetAsync(gateway.Client(Guid.NewGuid()), "/api/accounts?q=" + new string('x', 2000), "gzip");
        var plain = await GetAsync(gateway.Client(Guid.NewGuid()), "/api/accounts?q=" + new string('x', 2000), null);

        Assert.Equal(HttpStatusCode.OK, packed.Response.StatusCode);
        Assert.Equal("gzip", Assert.Single(packed.Response.Content.Headers.ContentEncoding));
        Assert.Empty(plain.Response.Content.Headers.ContentEncoding);
        var echo = JsonDocument.Parse(Unpack(packed.Body, "gzip")).RootElement;
        Assert.Equal("accounts-api", echo.GetProperty("service").GetString());
        Assert.Equal("/api/accounts", echo.GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_small_answer_leaves_whole_with_its_length_and_uncompressed_even_when_compression_is_asked()
    {
        await using var gateway = GatewayFactory.Start(backends);
        var small = await GetAsync(gateway.Client(Guid.NewGuid()), "/api/accounts?q=x", "gzip, br");

        Assert.Equal(HttpStatusCode.OK, small.Response.StatusCode);
        Assert.Empty(small.Response.Content.Headers.ContentEncoding);
        Assert.Equal(small.Body.Length, small.Response.Content.Headers.ContentLength);
        Assert.True(small.Body.Length < SmallAnswers.Limit, $"{small.Body.Length} bytes");
        Assert.Equal("accounts-api", JsonDocument.Parse(small.Body).RootElement.GetProperty("service").GetString());
    }

    private static async Task<(HttpResponseMessage Response, byte[] Body)> GetAsync(HttpClient client, string path, string? encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
        }

        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static byte[] Unpack(byte[] body, string encoding)
    {
        using var input = new MemoryStream(body);
        using Stream unpacking = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        unpacking.CopyTo(output);
        return output.ToArray();
    }
}
