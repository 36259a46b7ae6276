using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;

namespace KaPlatform.ApiContract.Tests;

/// <summary>docs/product.md §0 Idempotency-Key: same body replays, another body is refused, a caller who lost access gets 404.</summary>
public sealed class IdempotencyTests(ApiContractFixture platform)
{
    [Fact]
    public async Task The_same_key_with_another_body_is_refused_and_changes_nothing()
    {
        using var kam = await platform.SignInAsync(Guid.NewGuid(), Roles.KeyAccountManager, "华南");
        var key = Guid.NewGuid().ToString();
        var first = await PostAsync(kam, key, new { name = "广州地铁集团", region = "华南" });
        Assert.Equal(HttpStatusCode.Created, first.Status);

        var other = await PostAsync(kam, key, new { name = "深圳地铁集团", region = "华南" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.Equal("idempotency_key_reused", other.Body.GetProperty("code").GetString());

        var replay = await PostAsync(kam, key, new { name = "广州地铁集团", region = "华南" });
        Assert.Equal(HttpStatusCode.Created, replay.Status);
        Assert.Equal(first.Body.GetProperty("id").GetGuid(), replay.Body.GetProperty("id").GetGuid());

        var mine = await ApiCall.SendAsync(kam, HttpMethod.Get, "/api/accounts?q=地铁集团");
        Assert.Equal(["广州地铁集团"], mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToArray());
    }

    [Fact]
    public async Task A_caller_who_lost_access_since_gets_404_not_the_stored_answer()
    {
        var rep = Guid.NewGuid();
        using var client = await platform.SignInAsync(rep, Roles.KeyAccountManager, "华北");
        var key = Guid.NewGuid().ToString();
        var body = new { name = "北京燃气集团", region = "华北" };
        var first = await PostAsync(client, key, body);
        Assert.Equal(HttpStatusCode.Created, first.Status);
        var account = first.Body.GetProperty("id").GetGuid();

        // The admin hands the account to someone else: the rep is off the team.
        await ApiCall.SendAsync(platform.Admin, HttpMethod.Put, $"/api/accounts/{account}/team",
            new { team = new[] { new { userId = Guid.NewGuid(), role = "owner" } } });
        await ApiCall.SendAsync(client, HttpMethod.Get, $"/api/accounts/{account}", expected: HttpStatusCode.NotFound);

        var replay = await PostAsync(client, key, body);
        Assert.Equal(HttpStatusCode.NotFound, replay.Status);
        Assert.DoesNotContain(account.ToString(), replay.Body.GetRawText());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/accounts") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
