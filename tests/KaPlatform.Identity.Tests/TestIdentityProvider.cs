using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KaPlatform.Identity.Tests;

/// <summary>
/// An OpenID Connect provider reduced to what a resource server reads: a discovery document and a JWKS, on real
/// Kestrel, with its own RSA and EC keys. Tokens are assembled and signed by hand here (JWS compact form), so a bug
/// in the product's token library cannot hide behind the same library minting the tokens.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string Audience = "kaplatform-test-api";

    private readonly Dictionary<string, AsymmetricAlgorithm> published = new();
    private WebApplication app = null!;

    public string Issuer { get; private set; } = "";

    /// <summary>Keys by id, published or not: a test may sign with a key the JWKS never showed or no longer shows.</summary>
    public Dictionary<string, AsymmetricAlgorithm> Keys { get; } = new()
    {
        ["rsa-1"] = RSA.Create(2048),
        ["ec-1"] = ECDsa.Create(ECCurve.NamedCurves.nistP256),
        ["rot-1"] = RSA.Create(2048),
        ["rot-2"] = RSA.Create(2048),
        ["never-published"] = RSA.Create(2048),
    };

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var provider = new TestIdentityProvider();
        foreach (var kid in new[] { "rsa-1", "ec-1", "rot-1" })
        {
            provider.published[kid] = provider.Keys[kid];
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        provider.app = builder.Build();
        provider.app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = provider.Issuer,
            ["jwks_uri"] = provider.Issuer + "/jwks",
            ["authorization_endpoint"] = provider.Issuer + "/authorize",
            ["token_endpoint"] = provider.Issuer + "/token",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256", "ES256" },
        }));
        provider.app.MapGet("/jwks", () => Results.Content(provider.Jwks(), "application/json"));
        await provider.app.StartAsync();
        provider.Issuer = provider.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single().TrimEnd('/');
        return provider;
    }

    /// <summary>Replaces one published key by another, as a provider's scheduled rotation does.</summary>
    public void Rotate(string from, string to)
    {
        lock (published)
        {
            published.Remove(from);
            published[to] = Keys[to];
        }
    }

    private string Jwks()
    {
        var keys = new JsonArray();
        lock (published)
        {
            foreach (var (kid, key) in published)
            {
                keys.Add(key switch
                {
                    RSA rsa => Rsa(kid, rsa.ExportParameters(false)),
                    ECDsa ec => Ec(kid, ec.ExportParameters(false)),
                    _ => throw new NotSupportedException(),
                });
            }
        }

        return new JsonObject { ["keys"] = keys }.ToJsonString();
    }

    private static JsonObject Rsa(string kid, RSAParameters p) => new()
    {
        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = kid, ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!),
    };

    private static JsonObject Ec(string kid, ECParameters p) => new()
    {
        ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES256", ["crv"] = "P-256", ["kid"] = kid, ["x"] = B64(p.Q.X!), ["y"] = B64(p.Q.Y!),
    };

    /// <summary>The usual claims of a good token; a test changes what its variant needs.</summary>
    public Dictionary<string, object?> Claims(string subject, object roles, string? region = "华东")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new Dictionary<string, object?>
        {
            ["iss"] = Issuer, ["aud"] = Audience, ["sub"] = subject, ["name"] = "测试用户 " + subject[..Math.Min(6, subject.Length)],
            ["app_roles"] = roles, ["sales_region"] = region, ["iat"] = now, ["nbf"] = now, ["exp"] = now + 3600,
        };
    }

    /// <summary>Signs with the named key using its natural algorithm (RS256 for RSA, ES256 for P-256).</summary>
    public string Sign(string kid, Dictionary<string, object?> claims)
    {
        var key = Keys[kid];
        var alg = key is RSA ? "RS256" : "ES256";
        var input = Header(new { alg, typ = "JWT", kid }) + "." + Payload(claims);
        var data = Encoding.ASCII.GetBytes(input);
        var signature = key switch
        {
            RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ec => ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new NotSupportedException(),
        };
        return input + "." + B64(signature);
    }

    /// <summary>HS256 with the given secret, under any kid (the classic "public key as HMAC secret" confusion).</summary>
    public static string SignHmac(byte[] secret, string? kid, Dictionary<string, object?> claims)
    {
        var input = Header(kid is null ? new { alg = "HS256", typ = "JWT" } : new { alg = "HS256", typ = "JWT", kid }) + "." + Payload(claims);
        return input + "." + B64(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>alg "none": no signature at all.</summary>
    public static string Unsigned(Dictionary<string, object?> claims) => Header(new { alg = "none", typ = "JWT" }) + "." + Payload(claims) + ".";

    public byte[] PublicKeyPem(string kid) => Encoding.ASCII.GetBytes(((RSA)Keys[kid]).ExportSubjectPublicKeyInfoPem());

    private static string Header(object header) => B64(JsonSerializer.SerializeToUtf8Bytes(header));

    private static string Payload(Dictionary<string, object?> claims) =>
        B64(JsonSerializer.SerializeToUtf8Bytes(claims.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value)));

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        foreach (var key in Keys.Values)
        {
            key.Dispose();
        }
    }
}
