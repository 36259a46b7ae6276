using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KaPlatform.LocalInfra;
using KaPlatform.Testing;

namespace KaPlatform.Identity.Tests;

/// <summary>
/// docs/product.md §6: a provider subject that is not a UUID becomes UUIDv5(platform namespace, issuer|subject) in every service,
/// and row-level access keeps following ownership and team membership under that id.
/// </summary>
public sealed class SubjectMappingTests(OidcPlatformFixture platform)
{
    /// <summary>Written down here from docs/product.md rather than read from the product, so a changed namespace fails.</summary>
    private static readonly Guid PlatformNamespace = Guid.Parse("6f1c2a7e-3b5d-4e8f-9a01-4b6c8d2e7f35");

    [Fact]
    public async Task A_non_uuid_subject_is_the_same_user_on_every_service_and_sees_only_its_accounts()
    {
        var provider = platform.Provider;
        var subject = "keycloak:alice." + Guid.NewGuid().ToString("N")[..8];
        var kam = provider.Sign("rsa-1", provider.Claims(subject, "key_account_manager", "华东"));
        var stranger = provider.Sign("ec-1", provider.Claims("keycloak:bob." + Guid.NewGuid().ToString("N")[..8], "key_account_manager", "华东"));
        var expectedId = UuidV5(PlatformNamespace, provider.Issuer + "|" + subject);

        using var viaGateway = platform.Client("gateway", kam);
        using var created = await viaGateway.PostAsJsonAsync("/api/accounts", new { name = "映射测试客户 " + subject, region = "华东" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var account = await created.Content.ReadFromJsonAsync<JsonElement>();
        var accountId = account.GetProperty("id").GetGuid();
        Assert.Equal(expectedId, account.GetProperty("ownerId").GetGuid());

        await AssertSeesAsync(PlatformLayout.Accounts.Name, $"/api/accounts/{accountId}", kam, stranger);
        await AssertSeesAsync("gateway", $"/api/accounts/{accountId}", kam, stranger);

        // Other services learn the account and its owner from events, then decide access with their own mapping.
        await Eventually.TrueAsync(async () =>
        {
            using var c = platform.Client(PlatformLayout.Success.Name, kam);
            return (await c.GetAsync($"/api/success/accounts/{accountId}/health")).StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30), "success-api sees the owner's account");
        await AssertSeesAsync(PlatformLayout.Success.Name, $"/api/success/accounts/{accountId}/health", kam, stranger);

        var opportunity = new { accountId, name = "核心网扩容", amount = 1_000_000m, currency = "CNY", expectedCloseDate = "2027-06-30" };
        using var asStranger = platform.Client(PlatformLayout.Opportunities.Name, stranger);
        using var owned = await Eventually.GetAsync<HttpResponseMessage>(async () =>
        {
            using var c = platform.Client(PlatformLayout.Opportunities.Name, kam);
            var r = await c.PostAsJsonAsync("/api/opportunities", opportunity);
            if (r.StatusCode == HttpStatusCode.Created)
            {
                return r;
            }

            r.Dispose();
            return null;
        }, TimeSpan.FromSeconds(30), "opportunities-api lets the owner open a deal");
        var deal = await owned.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expectedId, deal.GetProperty("ownerId").GetGuid());
        using var refused = await asStranger.PostAsJsonAsync("/api/opportunities", opportunity);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    private async Task AssertSeesAsync(string target, string path, string owner, string stranger)
    {
        using var asOwner = platform.Client(target, owner);
        using var asStranger = platform.Client(target, stranger);
        Assert.Equal(HttpStatusCode.OK, (await asOwner.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asStranger.GetAsync(path)).StatusCode);
    }

    /// <summary>RFC 9562 §5.5, spelled out independently of the product.</summary>
    private static Guid UuidV5(Guid ns, string name)
    {
        var nsBytes = ns.ToByteArray(bigEndian: true);
        var hash = SHA1.HashData(nsBytes.Concat(Encoding.UTF8.GetBytes(name)).ToArray());
        var bytes = hash.Take(16).ToArray();
        bytes[6] = (byte)(0x50 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return Guid.Parse(Convert.ToHexString(bytes));
    }
}
