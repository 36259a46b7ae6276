using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace KaPlatform.ServiceDefaults.Auth;

/// <summary>
/// The provider's discovery document and JWKS, cached. Unlike the stock manager, a refresh asked for because a token
/// carried an unknown kid happens before that same token is validated (see <see cref="EnsureKeyAsync"/>), so a
/// provider's key rotation costs no failed request; such refreshes are spaced by MetadataRefreshInterval.
/// </summary>
public sealed class ProviderMetadata(AuthOptions options, HttpClient http) : IConfigurationManager<OpenIdConnectConfiguration>
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly string address = options.Authority!.TrimEnd('/') + "/.well-known/openid-configuration";
    private OpenIdConnectConfiguration? current;
    private DateTimeOffset fetchedAt;
    private DateTimeOffset lastForcedAt = DateTimeOffset.MinValue;
    private volatile bool refreshRequested;
    private long generation;

    /// <summary>Goes up each time the keys are re-read, so principals validated against the old key set stop being reused.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var now = DateTimeOffset.UtcNow;
        if (current is { } cached && !refreshRequested && now - fetchedAt < options.MetadataMaxAge)
        {
            return cached;
        }

        await gate.WaitAsync(cancel);
        try
        {
            if (current is null || refreshRequested || DateTimeOffset.UtcNow - fetchedAt >= options.MetadataMaxAge)
            {
                await FetchAsync(cancel);
            }

            return current!;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Re-reads the keys (at most once per refresh interval) when <paramref name="keyId"/> is not among them.</summary>
    public async Task EnsureKeyAsync(string keyId, CancellationToken cancel)
    {
        var config = await GetConfigurationAsync(cancel);
        if (config.SigningKeys.Any(k => k.KeyId == keyId))
        {
            return;
        }

        RequestRefresh();
        await GetConfigurationAsync(cancel);
    }

    public void RequestRefresh()
    {
        if (DateTimeOffset.UtcNow - lastForcedAt >= options.MetadataRefreshInterval)
        {
            lastForcedAt = DateTimeOffset.UtcNow;
            refreshRequested = true;
        }
    }

    private async Task FetchAsync(CancellationToken cancel)
    {
        var retriever = new HttpDocumentRetriever(http) { RequireHttps = RequireHttps(options) };
        try
        {
            var config = await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancel);
            if (!SameIssuer(config.Issuer, options.Authority!))
            {
                throw new InvalidOperationException($"The provider at {options.Authority} names itself {config.Issuer}; Auth:Authority must be the issuer exactly.");
            }

            current = config;
            fetchedAt = DateTimeOffset.UtcNow;
            Interlocked.Increment(ref generation);
        }
        catch when (current is not null)
        {
            // The provider is briefly unreachable: keep validating with the keys we have; the next request retries.
            fetchedAt = DateTimeOffset.UtcNow - options.MetadataMaxAge + options.MetadataRefreshInterval;
        }
        finally
        {
            refreshRequested = false;
        }
    }

    private static bool SameIssuer(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.Ordinal);

    public static bool RequireHttps(AuthOptions options) =>
        !options.AllowHttpMetadata
        && !(Uri.TryCreate(options.Authority, UriKind.Absolute, out var uri) && uri.IsLoopback);
}
