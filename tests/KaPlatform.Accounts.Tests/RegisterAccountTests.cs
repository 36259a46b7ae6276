using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;

namespace KaPlatform.Accounts.Tests;

public sealed class RegisterAccountTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_repeated_post_with_the_same_idempotency_key_creates_one_account()
    {
        await using var service = await ServiceFactory<Program>.StartAsync(infra, "accountsdb");
        using var client = service.ClientFor(Guid.NewGuid(), Roles.KeyAccountManager, "华东");

        async Task<(HttpStatusCode Status, Guid Id)> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/accounts") { Content = JsonContent.Create(new { name = "浙江移动", region = "华东" }) };
            request.Headers.Add("Idempotency-Key", "create-zj-1");
            using var response = await client.SendAsync(request);
            return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        var first = await PostAsync();
        var second = await PostAsync();

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.Equal(first.Id, second.Id);
    }

    [Fact]
    public async Task A_refused_post_frees_its_idempotency_key_for_the_corrected_request()
    {
        await using var service = await ServiceFactory<Program>.StartAsync(infra, "accountsdb");
        using var client = service.ClientFor(Guid.NewGuid(), Roles.KeyAccountManager, "华东");

        async Task<HttpResponseMessage> PostAsync(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/accounts") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "form-submit-1");
            return await client.SendAsync(request);
        }

        // The workspace keeps one key per form: the first submit misses the region and is refused (thrown as 400
        // problem details); the corrected one, same key, must be created, not told "still being processed".
        using var refused = await PostAsync(new { name = "浙江移动" });
        using var corrected = await PostAsync(new { name = "浙江移动", region = "华东" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
    }
}
