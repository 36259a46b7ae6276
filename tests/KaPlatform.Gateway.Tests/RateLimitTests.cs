using System.Net;

namespace KaPlatform.Gateway.Tests;

/// <summary>One token bucket per caller: a throttled user gets 429 + Retry-After; other users are unaffected.</summary>
public sealed class RateLimitTests(StubBackendsFixture backends) : IClassFixture<StubBackendsFixture>
{
    private const int Burst = 3;

    [Fact]
    public async Task Burst_over_the_limit_is_429_for_that_user_only()
    {
        await using var gateway = GatewayFactory.Start(backends, new()
        {
            ["Gateway:RateLimit:PermitsPerSecond"] = "1",
            ["Gateway:RateLimit:Burst"] = Burst.ToString(),
        });
        using var alice = gateway.Client(Guid.NewGuid());
        using var bob = gateway.Client(Guid.NewGuid());

        var aliceAnswers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => alice.GetAsync("/api/accounts")));
        // Alice's bucket is empty now; Bob's is full. A gateway-wide limiter would refuse Bob as well.
        var bobAnswers = await Task.WhenAll(Enumerable.Range(0, Burst).Select(_ => bob.GetAsync("/api/contracts")));

        var ok = aliceAnswers.Count(r => r.StatusCode == HttpStatusCode.OK);
        var refused = aliceAnswers.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
        Assert.Equal(10, ok + refused.Length);
        Assert.InRange(ok, 1, Burst + 1); // +1: the bucket may refill once while the burst is in flight
        Assert.NotEmpty(refused);
        foreach (var response in refused)
        {
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {response.Headers.RetryAfter}");
            await Problems.AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
        }

        Assert.All(bobAnswers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var response in aliceAnswers.Concat(bobAnswers))
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Probes_are_not_throttled()
    {
        await using var gateway = GatewayFactory.Start(backends, new()
        {
            ["Gateway:RateLimit:PermitsPerSecond"] = "1",
            ["Gateway:RateLimit:Burst"] = "1",
        });
        using var client = gateway.Client();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("/alive");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
