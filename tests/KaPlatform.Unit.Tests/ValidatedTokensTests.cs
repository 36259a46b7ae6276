using System.Security.Claims;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Unit.Tests;

public sealed class ValidatedTokensTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_token_is_reused_until_it_expires()
    {
        var clock = new ManualClock(Start);
        var tokens = new ValidatedTokens(clock);
        var principal = Principal("kam-1");
        tokens.Add("t1", principal, Start.AddSeconds(20).UtcDateTime);

        Assert.True(tokens.TryGet("t1", out var found));
        Assert.Same(principal, found);
        Assert.False(tokens.TryGet("t2", out _));

        clock.Now = Start.AddSeconds(20);
        Assert.False(tokens.TryGet("t1", out _));
        Assert.Equal(0, tokens.Count);
    }

    [Fact]
    public void A_long_lived_token_is_validated_again_after_a_minute()
    {
        var clock = new ManualClock(Start);
        var tokens = new ValidatedTokens(clock);
        tokens.Add("t1", Principal("kam-1"), Start.AddHours(1).UtcDateTime);

        clock.Now = Start + ValidatedTokens.MaxAge - TimeSpan.FromSeconds(1);
        Assert.True(tokens.TryGet("t1", out _));
        clock.Now = Start + ValidatedTokens.MaxAge;
        Assert.False(tokens.TryGet("t1", out _));
    }

    [Fact]
    public void New_provider_keys_end_every_entry()
    {
        var clock = new ManualClock(Start);
        long generation = 1;
        var tokens = new ValidatedTokens(clock, () => generation);
        tokens.Add("t1", Principal("kam-1"), Start.AddMinutes(5).UtcDateTime);
        Assert.True(tokens.TryGet("t1", out _));

        generation = 2;
        Assert.False(tokens.TryGet("t1", out _));
    }

    [Fact]
    public void An_expired_token_is_not_kept()
    {
        var tokens = new ValidatedTokens(new ManualClock(Start));
        tokens.Add("t1", Principal("kam-1"), Start.AddSeconds(-1).UtcDateTime);
        Assert.False(tokens.TryGet("t1", out _));
        Assert.Equal(0, tokens.Count);
    }

    [Fact]
    public void Past_capacity_the_expired_go_first_then_everything()
    {
        var clock = new ManualClock(Start);
        var tokens = new ValidatedTokens(clock);
        for (var i = 0; i < ValidatedTokens.Capacity - 1; i++)
        {
            tokens.Add($"short-{i}", Principal("u"), Start.AddSeconds(5).UtcDateTime);
        }

        tokens.Add("long", Principal("u"), Start.AddMinutes(5).UtcDateTime);
        clock.Now = Start.AddSeconds(10);
        tokens.Add("new", Principal("u"), Start.AddMinutes(5).UtcDateTime);

        Assert.Equal(2, tokens.Count);
        Assert.True(tokens.TryGet("long", out _));
        Assert.True(tokens.TryGet("new", out _));
    }

    private static ClaimsPrincipal Principal(string sub) =>
        new(new ClaimsIdentity([new Claim("sub", sub)], TokenClaims.AuthenticationType));

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
