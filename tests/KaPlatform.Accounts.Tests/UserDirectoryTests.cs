using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;
using static KaPlatform.Accounts.Tests.AccountsFixture;

namespace KaPlatform.Accounts.Tests;

/// <summary>docs/product.md §6 user directory: recorded from tokens, searched by Chinese substring, roles for admins only, CSV import.</summary>
public sealed class UserDirectoryTests(AccountsFixture host) : IClassFixture<AccountsFixture>
{
    private static readonly DevTokenIssuer Issuer = new(TestTokens.Options);

    [Fact]
    public async Task Signing_in_records_the_person_and_anyone_finds_them_by_part_of_a_chinese_name()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var id = Guid.NewGuid();
        using var person = Client(id, $"欧阳{tag}娜娜 Ouyang", Roles.KeyAccountManager, "华南");
        var me = await PostAsync(person, "/api/users/me", new { }, HttpStatusCode.OK);
        Assert.Equal(id, me.GetProperty("id").GetGuid());
        Assert.Equal(["key_account_manager"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToArray());
        Assert.NotEqual(JsonValueKind.Null, me.GetProperty("lastSeen").ValueKind);

        using var colleague = host.ClientFor(Guid.NewGuid(), Roles.SalesRep);
        var found = await GetAsync(colleague, $"/api/users?q={Uri.EscapeDataString(tag + "娜")}");
        var hit = Assert.Single(found.GetProperty("items").EnumerateArray());
        Assert.Equal(id, hit.GetProperty("id").GetGuid());
        Assert.Equal("华南", hit.GetProperty("region").GetString());
        Assert.Equal(JsonValueKind.Null, hit.GetProperty("roles").ValueKind);

        var asAdmin = await GetAsync(host.Admin, $"/api/users?q={Uri.EscapeDataString("欧阳" + tag)}");
        Assert.Contains("key_account_manager", asAdmin.GetProperty("items")[0].GetProperty("roles").ToString());
        Assert.Empty((await GetAsync(colleague, $"/api/users?q={Uri.EscapeDataString("没有这个人" + tag)}")).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync($"/api/users/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Admins_import_people_who_have_not_signed_in_and_a_signed_in_person_is_not_overwritten()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var signedIn = Guid.NewGuid();
        using var person = Client(signedIn, $"张{tag}静", Roles.KeyAccountManager, "华东");
        await PostAsync(person, "/api/users/me", new { }, HttpStatusCode.OK);
        var subject = "authing-" + tag;
        var csv = $"id,name,roles,region\n{signedIn},改名{tag},admin,华北\n{subject},李{tag}雷,sales_rep;key_account_manager,华东\n,无名,admin,\nx{tag},错{tag},emperor,\n";

        using var refused = await Import(host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, "华东"), csv);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var response = await Import(host.Admin, csv);
        var result = await ReadAsync(response, HttpStatusCode.OK);
        Assert.Equal(1, result.GetProperty("imported").GetInt32());
        Assert.Equal([4, 5], result.GetProperty("failed").EnumerateArray().Select(f => f.GetProperty("line").GetInt32()).ToArray());

        // The subject maps as a token's would (issuer of the shared-key mode here), so the person's first sign-in finds their entry.
        var imported = await GetAsync(host.Admin, $"/api/users/{UuidV5(TestTokens.Options.Issuer + "|" + subject)}");
        Assert.Equal($"李{tag}雷", imported.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, imported.GetProperty("lastSeen").ValueKind);
        var kept = await GetAsync(host.Admin, $"/api/users/{signedIn}");
        Assert.Equal($"张{tag}静", kept.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_bad_header_is_refused_and_stores_nothing()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        using var response = await Import(host.Admin, $"name,id\n赵{tag},{Guid.NewGuid()}\n");
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, response.StatusCode.ToString());
        Assert.Empty((await GetAsync(host.Admin, $"/api/users?q={tag}")).GetProperty("items").EnumerateArray());
    }

    private HttpClient Client(Guid id, string name, string role, string region)
    {
        var client = host.Service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Issuer.Issue(id, name, [role], region));
        return client;
    }

    private static Task<HttpResponseMessage> Import(HttpClient client, string csv) =>
        client.PostAsync("/api/users/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static Guid UuidV5(string name)
    {
        var ns = Guid.Parse("6f1c2a7e-3b5d-4e8f-9a01-4b6c8d2e7f35").ToByteArray(bigEndian: true);
        var hash = SHA1.HashData([.. ns, .. Encoding.UTF8.GetBytes(name)]);
        hash[6] = (byte)(0x50 | (hash[6] & 0x0F));
        hash[8] = (byte)(0x80 | (hash[8] & 0x3F));
        return Guid.Parse(Convert.ToHexString(hash, 0, 16));
    }
}
